"""``pactmap analyze``, ``pactmap export``, ``pactmap import`` and ``pactmap template``: a
territory's report, and its data to and from files."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Annotated, Literal

import typer

from ..services.territories import require_territory
from .common import LOCAL, err, opened_store, progress_bar

ReportFormat = Literal["text", "markdown", "json"]


def analyze(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, markdown or json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Items per section.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the community detection.")] = 0,
) -> None:
    """Silos, gaps, brokers, coverage, contract suggestions and trends of a territory."""
    from pactmap.analysis.analyze import Limits
    from pactmap.analysis.analyze import analyze as run_analysis
    from pactmap.analysis.report import render

    with opened_store() as store:
        require_territory(store, territory)
        snapshot = store.snapshot(territory)
    report = run_analysis(snapshot, limits=Limits(suggestions=limit), seed=seed)
    text = render(report, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


# ---------------------------------------------------------------- import / export
# Formats are dispatched by name in pactmap.graph.interchange.formats (json, csv, xlsx, graphml,
# gexf, kumu); the format is guessed from the file name when --format is not given.

FORMAT_HELP = "json, csv, xlsx, graphml, gexf or kumu (default: from the file name)"


def export(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File (or folder) to write.")],
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
) -> None:
    """Export a whole territory to a file."""
    from pactmap.graph.interchange import formats

    from ..services.files import export_path

    chosen = fmt or ("json" if output.suffix.lower() == ".json" else formats.guess_format(output))
    with opened_store() as store:
        report = export_path(store, LOCAL, territory, chosen, output)
    err.print(f"wrote {output} ({report.format})")
    for what in report.dropped:
        err.print(f"  not kept by {report.format}: {what}")


def import_(
    file: Annotated[Path, typer.Argument(help="File (or folder of CSV files) to import.")],
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    territory: Annotated[
        str | None, typer.Option(help="Import into this existing territory.")
    ] = None,
) -> None:
    """Import a file, all or nothing; prints the territory id on the last line."""
    from ..services.files import import_path

    if not file.exists():
        raise FileNotFoundError(errno.ENOENT, "no such file", str(file))
    with (
        opened_store() as store,
        progress_bar(f"importing {file.name}", None, file.name) as bar,
    ):
        report = import_path(
            store, LOCAL, file, fmt=fmt, territory_id=territory, progress=bar, stage=bar.stage
        )
    for what in report.dropped:
        err.print(f"  not kept by {report.format}: {what}")
    typer.echo(report.territory_id)


def template(
    output: Annotated[Path, typer.Argument(help="template.xlsx, template.zip or a folder.")],
) -> None:
    """Write the empty spreadsheet template coordinators fill in (XLSX, zip of CSV, or folder)."""
    from pactmap.graph.interchange import formats

    formats.write_template(output)
    err.print(f"wrote {output}")
