"""Import and export by format name: the one place the CLI and the API call for files.

Formats: ``json`` (the lossless pactmap dump, the backup format), ``csv`` (a folder or zip of
CSV files, or one CSV file named after its sheet), ``xlsx``, ``graphml``, ``gexf`` and
``kumu`` (a Kumu JSON blueprint). Every import checks the whole file first and writes nothing
when anything is wrong; then it writes in one transaction. Each format says what it cannot
hold (``FileReport.dropped``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ImportFileError, NotFound, Problem
from ..model import NodeKind
from ..store import ID_PREFIX, Progress, Store, new_id
from . import document, kumu, spreadsheet, xmlgraph

FORMATS = ("json", "csv", "xlsx", "graphml", "gexf", "kumu")
_EXTENSIONS = {
    ".csv": "csv",
    ".zip": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".kumu": "kumu",
}


Stage = Callable[[str, int | None], None]
"""Told when an import starts a pass: its name and how many items it will handle, if known."""


@dataclass
class FileReport:
    territory_id: str
    format: str
    nodes: int = 0
    relationships: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: list[str] = field(default_factory=list)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ImportFileError(
            [
                Problem(
                    field="format",
                    message=f"unknown format (known: {', '.join(FORMATS)})",
                    value=fmt,
                )
            ]
        )
    return fmt


def guess_format(path: Path) -> str:
    """The format a path's extension (or, for .json, its content) says."""
    if path.is_dir():
        return "csv"
    suffix = path.suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix == ".json":
        try:
            with path.open(encoding="utf-8") as handle:
                head = handle.read(4096)
        except OSError as exc:
            raise ImportFileError(
                [Problem(field="file", message=str(exc), value=str(path))]
            ) from None
        return "json" if '"pactmap-dump"' in head or '"format"' in head else "kumu"
    raise ImportFileError(
        [
            Problem(
                field="file",
                message="cannot tell the format from the extension; "
                f"give --format ({', '.join(FORMATS)})",
                value=str(path),
            )
        ]
    )


def _source(path: Path, fmt: str) -> document.Source:
    if fmt in ("csv", "xlsx"):
        return spreadsheet.SpreadsheetSource(path)
    if fmt in ("graphml", "gexf"):
        return xmlgraph.GraphSource(path, fmt)
    if fmt == "kumu":
        return kumu.KumuSource(path)
    raise ImportFileError([Problem(field="format", message="not a graph format", value=fmt)])


def import_file(
    store: Store,
    path: Path,
    *,
    fmt: str | None = None,
    territory_id: str | None = None,
    by: str,
    progress: Progress | None = None,
    stage: Stage | None = None,
) -> FileReport:
    """Import ``path`` into a new territory, or into ``territory_id`` (which must exist).

    ``progress`` hears of every row and link read by the first pass (the checks), then of
    every item written; ``stage`` is told when each pass starts (``"checking"``, total not
    known; ``"writing"``, with the number of items to write)."""
    if not path.exists():
        raise ImportFileError([Problem(field="file", message="no such file", value=str(path))])
    fmt = check_format(fmt or guess_format(path))
    if fmt == "json" and territory_id is None:
        from .json_dump import load_dump

        tid = load_dump(store, path, by=by, progress=progress)
        return FileReport(territory_id=tid, format=fmt)
    if fmt == "json":
        raise ImportFileError(
            [
                Problem(
                    field="territory",
                    message="a pactmap dump restores its own territory; "
                    "import it without --territory",
                    value=territory_id,
                )
            ]
        )
    source = _source(path, fmt)
    existing_territory = None
    if territory_id is not None:
        existing_territory = store.get(territory_id)
        if existing_territory.KIND is not NodeKind.TERRITORY:
            raise NotFound("Territory", territory_id)
        tid = territory_id
    else:
        tid = new_id(ID_PREFIX[NodeKind.TERRITORY])
    if stage is not None:
        stage("checking", None)
    plan = document.check(
        source,
        territory_id=tid,
        existing_territory=existing_territory,
        territory_defaults={"name": path.stem},
        lookup=lambda ids: store.get_many(ids),
        progress=progress,
    )
    try:
        if stage is not None:
            stage("writing", 1 + plan.node_count + plan.link_count)
        result = store.bulk_upsert(
            plan.territory,
            document.nodes(source, plan, lambda ids: store.get_many(ids)),
            document.relationships(source, plan),
            by=by,
            progress=progress,
        )
    finally:
        plan.close()
    return FileReport(
        territory_id=tid,
        format=fmt,
        nodes=plan.node_count,
        relationships=plan.link_count,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        dropped=list(source.dropped),
    )


def export_file(store: Store, territory_id: str, fmt: str, path: Path) -> FileReport:
    """Write a territory in ``fmt``; the report lists what the format could not hold."""
    fmt = check_format(fmt)
    if fmt == "json":
        from .json_dump import dump_territory, write_dump

        write_dump(path, dump_territory(store, territory_id))
        return FileReport(territory_id=territory_id, format=fmt)
    snapshot = store.snapshot(territory_id)
    dropped: list[str] = []
    if fmt == "csv":
        if path.suffix.lower() == ".zip":
            spreadsheet.write_csv_zip(snapshot, path)
        else:
            spreadsheet.write_csv_folder(snapshot, path)
        dropped = list(spreadsheet.DROPPED)
    elif fmt == "xlsx":
        spreadsheet.write_xlsx(snapshot, path)
        dropped = list(spreadsheet.DROPPED)
    elif fmt == "graphml":
        xmlgraph.write_graphml(snapshot, path)
    elif fmt == "gexf":
        xmlgraph.write_gexf(snapshot, path)
    else:
        kumu.write_kumu(snapshot, path)
    return FileReport(
        territory_id=territory_id,
        format=fmt,
        nodes=len(snapshot.nodes),
        relationships=len(snapshot.relationships),
        dropped=dropped,
    )


def write_template(path: Path) -> None:
    """The empty spreadsheet template: XLSX for .xlsx, a zip for .zip, else a CSV folder."""
    if path.suffix.lower() == ".xlsx":
        spreadsheet.write_xlsx(None, path)
    elif path.suffix.lower() == ".zip":
        spreadsheet.write_csv_zip(None, path)
    else:
        spreadsheet.write_csv_folder(None, path)


def describe(report: FileReport) -> dict[str, Any]:
    return json.loads(json.dumps(report.__dict__))  # type: ignore[no-any-return]
