# mypy: disable-error-code="untyped-decorator"
"""Files in and out over GraphQL, for the web UI's downloads and partner tools:
``exportFile(territoryId, format)`` gives the territory in a file format, base64-encoded, with
what the format could not hold; ``importFile(territoryId, format, content)`` reads one into
the territory (coordinators and above), checking the whole file before writing anything.

The formats are those of :mod:`pactmap.graph.interchange.formats` (json, csv as a zip,
xlsx, graphml, gexf, kumu). A json dump restores its own territory, so it is export-only here
(``pactmap import`` restores it).
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from pathlib import Path
from typing import Annotated

import strawberry
from pactmap.graph import errors
from pactmap.graph.interchange.formats import FORMATS, export_file, import_file
from pactmap.graph.store import Store

from ..auth import Permission
from .nodes import Info
from .results import NotFound, PermissionDenied, ValidationError, VersionConflict, attempt

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest file ``importFile`` takes, in bytes (decoded); bigger ones go through the CLI."""

_FILE = {
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


@strawberry.type(description="A territory as a file: base64 content, and what it left out.")
class ExportedFile:
    filename: str
    content_type: str
    format: str
    content_base64: str
    nodes: int
    relationships: int
    dropped: list[str]


@strawberry.type(description="What an import wrote, and what its format could not hold.")
class ImportedFile:
    territory_id: strawberry.ID
    format: str
    nodes: int
    relationships: int
    created: int
    updated: int
    unchanged: int
    dropped: list[str]


ImportFileResult = Annotated[
    ImportedFile | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("ImportFileResult"),
]


def _check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise errors.ValidationError(
            f"unknown format '{fmt}' (known: {', '.join(FORMATS)})", field="format", value=fmt
        )
    return fmt


def export_bytes(store: Store, territory_id: str, fmt: str) -> ExportedFile:
    filename, content_type = _FILE[fmt]
    with tempfile.TemporaryDirectory(prefix="pactmap-export-") as folder:
        path = Path(folder) / filename
        report = export_file(store, territory_id, fmt, path)
        data = path.read_bytes()
    return ExportedFile(
        filename=filename,
        content_type=content_type,
        format=fmt,
        content_base64=base64.b64encode(data).decode("ascii"),
        nodes=report.nodes,
        relationships=report.relationships,
        dropped=list(report.dropped),
    )


def import_bytes(
    store: Store, territory_id: str, fmt: str, data: bytes, filename: str | None, by: str
) -> ImportedFile:
    name = _UPLOAD_NAME.get(fmt, f"upload.{fmt}")
    if fmt == "csv" and filename and _SAFE_NAME.fullmatch(filename):
        name = filename  # one CSV file is read as the sheet its name names
    with tempfile.TemporaryDirectory(prefix="pactmap-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            report = import_file(
                store,
                path,
                fmt=fmt,
                territory_id=territory_id,
                by=by,
            )
        except errors.ImportFileError as exc:
            # keep each problem's sheet and line in its message
            raise errors.ValidationError(
                [errors.Problem(field=p.field, message=str(p)) for p in exc.problems]
            ) from None
    return ImportedFile(
        territory_id=strawberry.ID(report.territory_id),
        format=report.format,
        nodes=report.nodes,
        relationships=report.relationships,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        dropped=list(report.dropped),
    )


@strawberry.type
class FilesQuery:
    @strawberry.field(
        description="The territory as a file (json, csv as a zip, xlsx, graphml, gexf, kumu)."
    )
    async def export_file(
        self, info: Info, territory_id: strawberry.ID, format: str
    ) -> ExportedFile:
        ctx = info.context
        ctx.require(territory_id, Permission.READ)
        return await ctx.call(export_bytes, ctx.store, territory_id, _check(format))


@strawberry.type
class FilesMutation:
    @strawberry.mutation(
        description="Read a file (base64) into the territory: csv (a zip, or one CSV named "
        "after its sheet in filename), xlsx, graphml, gexf or kumu. Nothing is written when "
        "any row is wrong; each problem names its sheet, row and column."
    )
    async def import_file(
        self,
        info: Info,
        territory_id: strawberry.ID,
        format: str,
        content_base64: str,
        filename: str | None = None,
    ) -> ImportFileResult:
        ctx = info.context

        async def work() -> ImportedFile:
            ctx.require(territory_id, Permission.EDIT)
            if _check(format) == "json":
                raise errors.ValidationError(
                    "a pactmap dump restores its own territory: use `pactmap import`",
                    field="format",
                    value=format,
                )
            if len(content_base64) > MAX_UPLOAD * 4 // 3 + 4:
                raise errors.ValidationError(
                    f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB",
                    field="content_base64",
                )
            try:
                data = base64.b64decode(content_base64, validate=True)
            except (binascii.Error, ValueError):
                raise errors.ValidationError(
                    "the content is not base64", field="content_base64"
                ) from None
            result = await ctx.call(
                import_bytes, ctx.store, territory_id, format, data, filename, ctx.caller.by
            )
            ctx.feed.notify(territory_id)
            return result

        return await attempt(work)
