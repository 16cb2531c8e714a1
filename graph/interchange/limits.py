"""Bounds on what an imported file may unpack to, and spreadsheet-safe text for exports.

Archives (a zip of CSV files, an XLSX workbook) are checked twice: before anything is read,
every entry's declared size, its compression ratio and the number of entries
(:func:`check_archive`); while reading, each CSV stream stops at its declared size and at
:data:`MAX_ENTRY_BYTES` whatever it declared (:class:`CappedReader`), and each line at
:data:`MAX_LINE_CHARS` (:func:`capped_lines`). A cell holds at most :data:`MAX_CELL_CHARS`.

Exports follow the OWASP rule against formula injection: a CSV cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote
(:func:`neutralise`); pactmap's own import takes it off again (:func:`restore`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import ImportFileError, Problem

MAX_ENTRIES = 64
"""Entries a zip or XLSX may hold (pactmap's own XLSX has about 20, its CSV zip 9)."""
MAX_ENTRY_BYTES = 200 * 1024 * 1024
"""Uncompressed bytes of one entry."""
MAX_TOTAL_BYTES = 400 * 1024 * 1024
"""Uncompressed bytes of all entries together."""
MAX_RATIO = 100
"""Uncompressed size over compressed size of one entry; CSV and XML of real maps stay under 20."""
RATIO_FLOOR = 1024 * 1024
"""Entries smaller than this (uncompressed) are not held to :data:`MAX_RATIO`."""
MAX_LINE_CHARS = 1024 * 1024
"""Characters of one CSV line."""
MAX_CELL_CHARS = 128 * 1024
"""Characters of one CSV cell (the csv module's field size limit)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

csv.field_size_limit(MAX_CELL_CHARS)


def _refuse(message: str, value: str | None = None) -> ImportFileError:
    return ImportFileError([Problem(field="file", message=message, value=value)])


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose entries are too many, too large or too compressed."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _refuse(f"the archive holds {len(entries)} entries; at most {MAX_ENTRIES}")
    total = 0
    for info in entries:
        size = info.file_size
        if size > MAX_ENTRY_BYTES:
            raise _refuse(
                f"{info.filename} unpacks to {size} bytes; at most {MAX_ENTRY_BYTES}",
                info.filename,
            )
        ratio = size / max(info.compress_size, 1)
        if size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _refuse(
                f"{info.filename} is compressed {ratio:.0f} to 1 ({size} bytes in "
                f"{info.compress_size}); at most {MAX_RATIO} to 1",
                info.filename,
            )
        total += size
    if total > MAX_TOTAL_BYTES:
        raise _refuse(f"the archive unpacks to {total} bytes; at most {MAX_TOTAL_BYTES}")


def check_archive_file(path: Path) -> None:
    """:func:`check_archive` on a file (a broken zip is left to the reader to describe)."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive)
    except zipfile.BadZipFile:
        return


class CappedReader(io.RawIOBase):
    """A binary stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, inner: IO[bytes], limit: int, name: str) -> None:
        self.inner = inner
        self.left = limit
        self.limit = limit
        self.name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise _refuse(f"{self.name} unpacks to more than {self.limit} bytes", self.name)
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> io.TextIOWrapper:
    """An archive's CSV entry as text, capped at its declared size and MAX_ENTRY_BYTES."""
    limit = min(info.file_size, MAX_ENTRY_BYTES)
    raw = CappedReader(archive.open(info), limit, info.filename)
    return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", newline="")


def capped_lines(text: IO[str], name: str) -> Iterator[str]:
    """The lines of ``text``, refusing one longer than MAX_LINE_CHARS."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise _refuse(f"{name}: line {number} is longer than {MAX_LINE_CHARS} characters")
        yield line


def neutralise(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix a single quote).

    Text already beginning with quotes before a formula character gets one more, so that
    :func:`restore` gives back exactly what was written."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo :func:`neutralise` on a cell read back from CSV."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
