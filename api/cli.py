"""The ``pactmap`` command line.

Commands print their result on stdout (an id or a token on the LAST line, for scripts) and
everything else — progress bars, notes — on stderr. An expected failure (bad input, a missing
file or node, a bad setting) prints one line, ``pactmap: error: ...``, and exits 1.
"""

from __future__ import annotations

import errno
import secrets
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pactmap.graph.errors import ImportFileError, PactmapError, ValidationError
from pactmap.graph.model import Role

from .cli_accounts import territories_app, tokens_app, users_app
from .cli_common import BY, err, opened_store, progress_bar, require_territory
from .cli_cycle import cycle_app, synthesis_command
from .cli_suggestions import suggestions_app
from .security import hash_password
from .settings import get_settings

DEMO_EMAIL = "demo@pactmap.example"
DEMO_PASSWORD = "pactmap-demo"  # noqa: S105 - documented, demo-only, development only
"""The demo coordinator's password in development; in production a random one is printed."""

app = typer.Typer(
    name="pactmap",
    help="pactmap: a collaborative map of co-responsibility.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(territories_app, name="territories", invoke_without_command=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(suggestions_app, name="suggestions")
app.add_typer(cycle_app, name="cycle")
app.command("synthesis")(synthesis_command)


# ---------------------------------------------------------------- serve, demo, generate


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default PACTMAP_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default PACTMAP_PORT).")
    ] = None,
) -> None:
    """Serve the API and the web UI with uvicorn."""
    import uvicorn

    from .app import create_app

    settings = get_settings()
    if host:  # the app shows tracebacks only when it knows it listens on loopback
        settings = settings.model_copy(update={"host": host})
    application = create_app(settings)
    uvicorn.run(
        application,
        host=settings.host,
        port=port or settings.port,
        proxy_headers=settings.production,
        log_level="info",
    )


@app.command()
def demo() -> None:
    """Load the demo territory (again: nothing is duplicated) and print a demo login."""
    from pactmap.seeds.demo import load_demo

    settings = get_settings()
    with opened_store() as store:
        with progress_bar("loading the demo territory", None) as advance:
            territory_id = node_id(load_demo(store, by=BY, progress=advance))
        password = DEMO_PASSWORD if not settings.production else secrets.token_urlsafe(12)
        user = store.find_user(DEMO_EMAIL)
        if user is None:
            user = store.create_user(
                DEMO_EMAIL, name="Demo coordinator", password_hash=hash_password(password)
            )
        elif settings.production or not user.password_hash:
            store.update_user(user.id, password_hash=hash_password(password))
        store.set_membership(user.id, territory_id, Role.COORDINATOR)
    note = "demo only" if not settings.production else "random; shown once"
    typer.echo(f"demo login: {DEMO_EMAIL} / {password} (coordinator; {note})")
    typer.echo(territory_id)


def node_id(result: Any) -> str:
    """The id of what a loader returned (a node or an id)."""
    return str(getattr(result, "id", result))


@app.command()
def generate(
    actors: Annotated[int, typer.Option(min=1, help="Number of actors.")] = 1000,
    seed: Annotated[int, typer.Option(min=0, help="Random seed (same seed, same territory).")] = 1,
) -> None:
    """Generate a synthetic territory (for benchmarks); prints its id on the last line."""
    from pactmap.seeds.generator import generate_territory, load_generated

    try:
        generated = generate_territory(actors, seed)
    except ValueError as exc:
        raise ValidationError(str(exc), field="actors", value=actors) from None
    total = len(generated.nodes) + len(generated.relationships) + 1
    with opened_store() as store, progress_bar("generating", total) as advance:
        territory_id = load_generated(store, generated, by=BY, progress=advance)
    typer.echo(territory_id)


# ---------------------------------------------------------------- analyze

ReportFormat = Literal["text", "markdown", "json"]


@app.command()
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


@app.command()
def export(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File (or folder) to write.")],
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
) -> None:
    """Export a whole territory to a file."""
    from pactmap.graph.interchange import formats

    chosen = fmt or ("json" if output.suffix.lower() == ".json" else formats.guess_format(output))
    with opened_store() as store:
        require_territory(store, territory)
        report = formats.export_file(store, territory, chosen, output)
    err.print(f"wrote {output} ({report.format})")
    for what in report.dropped:
        err.print(f"  not kept by {report.format}: {what}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="File (or folder of CSV files) to import.")],
    fmt: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    territory: Annotated[
        str | None, typer.Option(help="Import into this existing territory.")
    ] = None,
) -> None:
    """Import a file, all or nothing; prints the territory id on the last line."""
    from pactmap.graph.interchange import formats

    if not file.exists():
        raise FileNotFoundError(errno.ENOENT, "no such file", str(file))
    with (
        opened_store() as store,
        progress_bar(f"importing {file.name}", None, file.name) as bar,
    ):
        report = formats.import_file(
            store, file, fmt=fmt, territory_id=territory, by=BY, progress=bar, stage=bar.stage
        )
    for what in report.dropped:
        err.print(f"  not kept by {report.format}: {what}")
    typer.echo(report.territory_id)


@app.command()
def template(
    output: Annotated[Path, typer.Argument(help="template.xlsx, template.zip or a folder.")],
) -> None:
    """Write the empty spreadsheet template coordinators fill in (XLSX, zip of CSV, or folder)."""
    from pactmap.graph.interchange import formats

    formats.write_template(output)
    err.print(f"wrote {output}")


# ---------------------------------------------------------------- entry points


def error_line(exc: Exception) -> str:
    if isinstance(exc, ImportFileError) and len(exc.problems) > 1:
        return f"the file has {len(exc.problems)} problems; nothing was written"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code. Expected failures print one line, no traceback."""
    command = typer.main.get_command(app)
    try:
        # standalone: typer reports usage errors itself and exits through SystemExit
        command.main(args=argv, prog_name="pactmap", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (PactmapError, OSError) as exc:
        print(f"pactmap: error: {error_line(exc)}", file=sys.stderr)
        if isinstance(exc, ImportFileError) and len(exc.problems) > 1:
            for problem in exc.problems:  # an import lists every problem, one per line
                print(f"  {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pactmap: interrupted", file=sys.stderr)
        return 130
    return 0


def main() -> None:
    """The ``pactmap`` console script."""
    sys.exit(run())
