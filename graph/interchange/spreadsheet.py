"""Spreadsheets coordinators fill in: an XLSX workbook or CSV files, one sheet per kind.

Sheets are named after the kind they hold (``actors``, ``topics``, ``criteria``,
``indicators``, ``measurements``, ``commitments``, ``contracts``, ``actions``, ``concerns``,
``evaluations``) plus ``relationships`` (``from``, ``type``, ``to`` and the relationship's
properties). A lone CSV file is read as the sheet its file name names (``actors.csv`` holds
actors); a folder or zip of CSV files as the whole workbook. The first row of a sheet names
its columns: ``id`` and the fields of the domain model (values as the model spells them:
``public_authority``, ``citizen_group``…, dates as YYYY-MM-DD). A measurement row may name its
indicator in an ``indicator`` column. Rows are numbered as a spreadsheet shows them (the
header is row 1).

What a spreadsheet does not hold: versions and timestamps (a re-import bumps what changed).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, get_args

from ..errors import ImportFileError, Problem
from ..model import NODE_MODELS, PROPS_MODELS, NodeKind, RelType
from ..store import Snapshot
from .document import SYSTEM_FIELDS, Link, Row, make_row
from .limits import capped_lines, check_archive, check_archive_file, neutralise, open_entry, restore

SHEETS: dict[str, NodeKind] = {
    "actors": NodeKind.ACTOR,
    "topics": NodeKind.TOPIC,
    "criteria": NodeKind.CRITERION,
    "indicators": NodeKind.INDICATOR,
    "measurements": NodeKind.MEASUREMENT,
    "commitments": NodeKind.COMMITMENT,
    "contracts": NodeKind.CONTRACT,
    "actions": NodeKind.ACTION,
    "concerns": NodeKind.FUTURE_CONCERN,
    "evaluations": NodeKind.EVALUATION,
}
SHEET_OF: dict[NodeKind, str] = {kind: sheet for sheet, kind in SHEETS.items()}
RELATIONSHIPS = "relationships"
REL_PROPERTIES: list[str] = sorted({f for m in PROPS_MODELS.values() for f in m.model_fields})
REL_COLUMNS = ["from", "type", "to", *REL_PROPERTIES]
DROPPED = ["versions and timestamps (a re-import bumps the version of what changed)"]


def columns(kind: NodeKind) -> list[str]:
    """The template's columns for a kind: ``id`` then the model's own fields in order."""
    names = [n for n in NODE_MODELS[kind].model_fields if n not in SYSTEM_FIELDS]
    extra = ["indicator"] if kind is NodeKind.MEASUREMENT else []
    return ["id", *names, *extra]


def _cell(value: Any) -> Any:
    """A cell as the model reads it: strings stripped, spreadsheet dates as dates."""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Sheets:
    """The sheets of a workbook as (name, rows) where rows yields (row number, {col: value})."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_dir():
            self.kind = "folder"
        elif path.suffix.lower() == ".zip":
            self.kind = "zip"
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            self.kind = "xlsx"
        elif path.suffix.lower() == ".csv":
            self.kind = "csv"
        else:
            raise ImportFileError(
                [
                    Problem(
                        field="file",
                        message="not a spreadsheet (.xlsx, .csv, folder or .zip)",
                        value=path.name,
                    )
                ]
            )

    def names(self) -> list[str]:
        return [name for name, _ in self._open()]

    def sheet(self, wanted: str) -> Iterator[tuple[int, list[Any]]]:
        for name, rows in self._open():
            if name == wanted:
                yield from rows
                return

    def _open(self) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
        if self.kind == "xlsx":
            yield from self._xlsx()
        elif self.kind == "csv":
            yield self.path.stem.lower(), self._csv_file(self.path)
        elif self.kind == "folder":
            for file in sorted(self.path.glob("*.csv")):
                yield file.stem.lower(), self._csv_file(file)
        else:
            try:
                opened = zipfile.ZipFile(self.path)
            except zipfile.BadZipFile as exc:
                raise ImportFileError(
                    [Problem(field="file", message=f"not a zip of CSV files ({exc})")]
                ) from None
            with opened as archive:
                check_archive(archive)
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if info.filename.lower().endswith(".csv") and not info.is_dir():
                        stem = Path(info.filename).stem.lower()
                        text = open_entry(archive, info)
                        rows = csv.reader(capped_lines(text, info.filename))
                        yield stem, _numbered(rows, from_csv=True)

    def _csv_file(self, file: Path) -> Iterator[tuple[int, list[Any]]]:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            yield from _numbered(csv.reader(capped_lines(handle, file.name)), from_csv=True)

    def _xlsx(self) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
        from openpyxl import load_workbook

        check_archive_file(self.path)  # before openpyxl reads all shared strings
        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            reason = str(exc).replace(str(self.path), self.path.name)
            raise ImportFileError(
                [
                    Problem(
                        field="file",
                        message=f"not a readable XLSX workbook ({reason})",
                        value=self.path.name,
                    )
                ]
            ) from None
        try:
            for sheet in book.worksheets:
                yield sheet.title.strip().lower(), _numbered(sheet.iter_rows(values_only=True))
        finally:
            book.close()


def _numbered(
    rows: Iterable[Iterable[Any]], *, from_csv: bool = False
) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    try:
        for number, row in enumerate(rows, start=1):
            if from_csv:  # exports neutralise formulas with a quote (limits.neutralise)
                row = [restore(v) for v in row]
            yield number, [_cell(v) for v in row]
    except (UnicodeDecodeError, csv.Error) as exc:
        # e.g. a CSV saved by a spreadsheet in Windows-1252: say so instead of a traceback
        if isinstance(exc, UnicodeDecodeError):  # decoded by chunks: no row to name
            message = f"not UTF-8 text ({exc.reason}); save it as CSV UTF-8"
        else:
            message = f"row {number + 1} cannot be read as CSV ({exc})"
        raise ImportFileError([Problem(field="file", message=message)]) from None


class SpreadsheetSource:
    """A workbook opened for import (see :class:`~.document.Source`)."""

    def __init__(self, path: Path):
        self.path = path
        self.sheets = _Sheets(path)
        self.dropped = list(DROPPED)

    def territory(self) -> dict[str, Any]:
        return {}

    def rows(self) -> Iterator[Row | Problem]:
        for name in self.sheets.names():
            if name == RELATIONSHIPS or name in ("readme", "help"):
                continue
            if name not in SHEETS:
                known = ", ".join([*SHEETS, RELATIONSHIPS])
                yield Problem(
                    field="sheet", message=f"unknown sheet (known: {known})", value=name, sheet=name
                )
                continue
            yield from self._node_rows(name, SHEETS[name])

    def links(self) -> Iterator[Link | Problem]:
        for name in self.sheets.names():
            if name == RELATIONSHIPS:
                yield from self._link_rows(name)
            elif name == SHEET_OF[NodeKind.MEASUREMENT]:
                yield from self._measurement_links(name)

    def _records(
        self, name: str, allowed: set[str], what: str
    ) -> Iterator[tuple[int, dict[str, Any]] | Problem]:
        """The sheet's rows as {column: value}. A column the sheet may not have is reported
        once, on the header row, and left out of the rows (so their other problems show)."""
        header: list[str] | None = None
        for number, cells in self.sheets.sheet(name):
            if header is None:
                header = [str(c).strip() if c is not None else "" for c in cells]
                for column in header:
                    if column and column not in allowed:
                        yield Problem(
                            field=column,
                            message=f"{what} have no column '{column}'",
                            value=column,
                            line=number,
                            sheet=name,
                        )
                header = [c if c in allowed else "" for c in header]
                continue
            if all(c is None for c in cells):
                continue
            if len(cells) > len(header) and any(c is not None for c in cells[len(header) :]):
                yield Problem(
                    field="(row)",
                    message="more cells than the header has columns",
                    value=len(cells),
                    line=number,
                    sheet=name,
                )
                continue
            yield number, {h: c for h, c in zip(header, cells, strict=False) if h}

    def _node_rows(self, name: str, kind: NodeKind) -> Iterator[Row | Problem]:
        label = NODE_MODELS[kind].LABEL_FIELD
        for item in self._records(name, set(columns(kind)), name):
            if isinstance(item, Problem):
                yield item
                continue
            number, record = item
            file_id = record.pop("id", None)
            record.pop("indicator", None)
            if file_id is None and record.get(label) is None:
                yield Problem(
                    field=label,
                    message="is required (or give the row an id)",
                    value=None,
                    line=number,
                    sheet=name,
                )
                continue
            file_id = str(record[label]) if file_id is None else file_id
            yield make_row(kind.value, str(file_id), record, sheet=name, line=number)

    def _link_rows(self, name: str) -> Iterator[Link | Problem]:
        for item in self._records(name, set(REL_COLUMNS), name):
            if isinstance(item, Problem):
                yield item
                continue
            number, record = item
            missing = [c for c in ("from", "type", "to") if record.get(c) is None]
            if missing:
                yield Problem(
                    field=missing[0], message="is required", value=None, line=number, sheet=name
                )
                continue
            props = {k: v for k, v in record.items() if k in REL_PROPERTIES and v is not None}
            yield Link(
                str(record["type"]).strip().upper(),
                str(record["from"]),
                str(record["to"]),
                props,
                sheet=name,
                line=number,
            )

    def _measurement_links(self, name: str) -> Iterator[Link | Problem]:
        for item in self._records(name, set(columns(NodeKind.MEASUREMENT)), name):
            if isinstance(item, Problem):
                continue  # reported by rows()
            number, record = item
            if record.get("indicator") is None or record.get("id") is None:
                if record.get("indicator") is not None:
                    yield Problem(
                        field="id",
                        message="a measurement that names its indicator needs an id",
                        value=None,
                        line=number,
                        sheet=name,
                    )
                continue
            yield Link(
                RelType.HAS.value,
                str(record["indicator"]),
                str(record["id"]),
                {},
                sheet=name,
                line=number,
            )


# ---------------------------------------------------------------- writing


def _value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def tables(snapshot: Snapshot) -> dict[str, list[list[Any]]]:
    """The workbook of a territory: header row then one row per node, sorted by id."""
    out: dict[str, list[list[Any]]] = {}
    has = {r.to_id: r.from_id for r in snapshot.relationships if r.type is RelType.HAS}
    for kind, sheet in SHEET_OF.items():
        cols = columns(kind)
        rows: list[list[Any]] = [cols]
        for node in snapshot.by_kind(kind):
            data = node.fields()
            data["id"] = node.id
            if kind is NodeKind.MEASUREMENT:
                data["indicator"] = has.get(node.id)
            rows.append([_value(data.get(c)) for c in cols])
        out[sheet] = rows
    rels: list[list[Any]] = [REL_COLUMNS]
    for rel in snapshot.relationships:
        if rel.type is RelType.HAS:
            continue  # carried by the measurements sheet's indicator column
        rels.append(
            [
                rel.from_id,
                rel.type.value,
                rel.to_id,
                *[_value(rel.properties.get(p)) for p in REL_PROPERTIES],
            ]
        )
    out[RELATIONSHIPS] = rels
    return out


def _text_cell(ws: Any, value: Any) -> Any:
    """A cell for a write-only sheet: text stays text, never a formula (``=...``)."""
    if not isinstance(value, str):
        return "" if value is None else value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def write_xlsx(snapshot: Snapshot | None, path: Path) -> None:
    """Write a territory as a workbook, or the empty template when ``snapshot`` is None."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet, rows in (tables(snapshot) if snapshot else template_tables()).items():
        ws = book.create_sheet(sheet)
        for row in rows:
            ws.append([_text_cell(ws, v) for v in row])
    readme = book.create_sheet("readme")
    for line in template_help():
        readme.append([line])
    book.save(path)


def write_csv_folder(snapshot: Snapshot | None, folder: Path) -> None:
    """Write a territory (or the template) as a folder of CSV files, one per sheet."""
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, rows in (tables(snapshot) if snapshot else template_tables()).items():
        with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(["" if v is None else neutralise(v) for v in row])
    (folder / "README.txt").write_text("\n".join(template_help()) + "\n", encoding="utf-8")


def write_csv_zip(snapshot: Snapshot | None, path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for sheet, rows in (tables(snapshot) if snapshot else template_tables()).items():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                writer.writerow(["" if v is None else neutralise(v) for v in row])
            archive.writestr(f"{sheet}.csv", buffer.getvalue())
        archive.writestr("README.txt", "\n".join(template_help()) + "\n")


def template_tables() -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {sheet: [columns(kind)] for kind, sheet in SHEET_OF.items()}
    out[RELATIONSHIPS] = [REL_COLUMNS]
    return out


def template_help() -> list[str]:
    """The template's documentation: each sheet's columns and the values they take."""
    lines = [
        "pactmap import template: one sheet per kind, the first row names the columns.",
        "Leave 'id' empty to let pactmap name a row after its name; give ids to link rows.",
        "Dates are YYYY-MM-DD; levels are 1 (very unsatisfactory) to 5 (ideal).",
        "relationships: from, type, to (ids of rows) and the relationship's properties.",
        "",
    ]
    for kind, sheet in SHEET_OF.items():
        model = NODE_MODELS[kind]
        lines.append(f"[{sheet}] {kind}")
        for name, info in model.model_fields.items():
            if name in SYSTEM_FIELDS:
                continue
            detail = ""
            for candidate in (info.annotation, *get_args(info.annotation)):
                if isinstance(candidate, type) and issubclass(candidate, Enum):
                    detail = " one of: " + ", ".join(str(m.value) for m in candidate)
            required = " (required)" if info.is_required() else ""
            lines.append(f"  {name}{required}{detail}")
        if kind is NodeKind.MEASUREMENT:
            lines.append("  indicator: the id of the indicator measured")
        lines.append("")
    lines.append("[relationships] types: " + ", ".join(t.value for t in RelType))
    return lines
