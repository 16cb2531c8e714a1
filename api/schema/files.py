# mypy: disable-error-code="untyped-decorator"
"""Files in and out over GraphQL, for the web UI's downloads and partner tools:
``exportFile(territoryId, format)`` gives the territory in a file format, base64-encoded, with
what the format could not hold; ``importFile(territoryId, format, content)`` reads one into
the territory (coordinators and above), checking the whole file before writing anything.
The rules (who, which formats, how big) are :mod:`pactmap.api.services.files`'.
"""

from __future__ import annotations

import base64
from typing import Annotated

import strawberry
from pactmap.graph.interchange.formats import FileReport

from ..services import files
from .nodes import Info
from .results import NotFound, PermissionDenied, ValidationError, VersionConflict, attempt


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


def _exported(found: files.ExportedBytes) -> ExportedFile:
    return ExportedFile(
        filename=found.filename,
        content_type=found.content_type,
        format=found.report.format,
        content_base64=base64.b64encode(found.data).decode("ascii"),
        nodes=found.report.nodes,
        relationships=found.report.relationships,
        dropped=list(found.report.dropped),
    )


def _imported(report: FileReport) -> ImportedFile:
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
        found = await ctx.call(files.export_bytes, ctx.store, ctx.caller, territory_id, format)
        return _exported(found)


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
            args = (ctx.store, ctx.caller, territory_id, format, content_base64, filename)
            report = await ctx.call(files.import_upload, *args)
            ctx.feed.notify(territory_id)
            return _imported(report)

        return await attempt(work)
