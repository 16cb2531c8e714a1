"""A territory to and from files: who may export (readers) and import (editors), and what an
upload over the API may be.

The formats are those of :mod:`pactmap.graph.interchange.formats` (json, csv, xlsx, graphml,
gexf, kumu). A json dump restores its own territory, so over the API it is export-only
(``pactmap import`` restores it); an upload is at most :data:`MAX_UPLOAD` bytes.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pactmap.graph import errors
from pactmap.graph.interchange import formats
from pactmap.graph.store import Progress, Store

from ..auth import Caller, Permission
from .territories import require

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest file an API import takes, in bytes (decoded); bigger ones go through the CLI."""

FILE_NAMES = {
    "json": ("pactmap.json", "application/json"),
    "csv": ("pactmap-csv.zip", "application/zip"),
    "xlsx": (
        "pactmap.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "graphml": ("pactmap.graphml", "application/graphml+xml"),
    "gexf": ("pactmap.gexf", "application/gexf+xml"),
    "kumu": ("pactmap.kumu.json", "application/json"),
}
_UPLOAD_NAME = {"csv": "upload.zip", "xlsx": "upload.xlsx", "graphml": "upload.graphml"}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}\.csv$")


@dataclass(frozen=True)
class ExportedBytes:
    filename: str
    content_type: str
    data: bytes
    report: formats.FileReport


def check_format(fmt: str) -> str:
    if fmt not in formats.FORMATS:
        known = ", ".join(formats.FORMATS)
        raise errors.ValidationError(
            f"unknown format '{fmt}' (known: {known})", field="format", value=fmt
        )
    return fmt


def export_path(
    store: Store, caller: Caller, territory_id: str, fmt: str, path: Path
) -> formats.FileReport:
    """Write the territory to ``path`` in ``fmt`` (readers of the territory)."""
    require(store, caller, territory_id, Permission.READ)
    return formats.export_file(store, territory_id, fmt, path)


def export_bytes(store: Store, caller: Caller, territory_id: str, fmt: str) -> ExportedBytes:
    """The territory as a file's bytes, for a download (readers of the territory)."""
    require(store, caller, territory_id, Permission.READ)
    filename, content_type = FILE_NAMES[check_format(fmt)]
    with tempfile.TemporaryDirectory(prefix="pactmap-export-") as folder:
        path = Path(folder) / filename
        report = export_path(store, caller, territory_id, fmt, path)
        data = path.read_bytes()
    return ExportedBytes(filename, content_type, data, report)


def import_path(
    store: Store,
    caller: Caller,
    path: Path,
    *,
    fmt: str | None,
    territory_id: str | None,
    progress: Progress | None = None,
    stage: formats.Stage | None = None,
) -> formats.FileReport:
    """Import a file, all or nothing, into ``territory_id`` (editors) or, for the local
    caller only, into a new territory."""
    if territory_id is not None:
        require(store, caller, territory_id, Permission.EDIT)
    elif not caller.local:
        raise errors.ValidationError("name the territory to import into", field="territory_id")
    return formats.import_file(
        store,
        path,
        fmt=fmt,
        territory_id=territory_id,
        by=caller.by,
        progress=progress,
        stage=stage,
    )


def import_upload(
    store: Store,
    caller: Caller,
    territory_id: str,
    fmt: str,
    content_base64: str,
    filename: str | None,
) -> formats.FileReport:
    """Read an uploaded file (base64) into the territory (editors). A csv upload is a zip,
    or one CSV file named after the sheet it holds; each problem keeps its sheet and line."""
    require(store, caller, territory_id, Permission.EDIT)
    if check_format(fmt) == "json":
        raise errors.ValidationError(
            "a pactmap dump restores its own territory: use `pactmap import`",
            field="format",
            value=fmt,
        )
    if len(content_base64) > MAX_UPLOAD * 4 // 3 + 4:
        raise errors.ValidationError(
            f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB", field="content_base64"
        )
    try:
        data = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise errors.ValidationError("the content is not base64", field="content_base64") from None
    name = _UPLOAD_NAME.get(fmt, f"upload.{fmt}")
    if fmt == "csv" and filename and _SAFE_NAME.fullmatch(filename):
        name = filename  # one CSV file is read as the sheet its name names
    with tempfile.TemporaryDirectory(prefix="pactmap-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return import_path(store, caller, path, fmt=fmt, territory_id=territory_id)
        except errors.ImportFileError as exc:
            raise errors.ValidationError(
                [errors.Problem(field=p.field, message=str(p)) for p in exc.problems]
            ) from None
