"""``pactmap demo``, ``generate``, ``export``, ``import``, ``template``: whole maps in and out."""

from __future__ import annotations

import errno
import secrets
from pathlib import Path
from typing import Annotated, Any

import typer
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import Role

from ..auth import LOCAL
from ..security import hash_password
from ..services import accounts
from ..settings import get_settings
from .common import BY, err, opened_store, progress_bar, words

DEMO_EMAIL = "demo@pactmap.example"
DEMO_PASSWORD = "pactmap-demo"  # noqa: S105 - documented, demo-only, development only
"""The demo coordinator's password in development; in production a random one is printed."""


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
            store.update_user(user.id, password_hash=hash_password(password), by=BY)
        accounts.set_member(store, LOCAL, territory_id, user.id, Role.COORDINATOR)
    note = "demo only" if not settings.production else "random; shown once"
    typer.echo(f"demo login: {DEMO_EMAIL} / {password} (coordinator; {note})")
    typer.echo(territory_id)


def node_id(result: Any) -> str:
    """The id of what a loader returned (a node or an id)."""
    return str(getattr(result, "id", result))


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
    t = words()
    err.print(t._("wrote %(path)s (%(format)s)", path=str(output), format=report.format))
    for what in report.dropped:
        err.print("  " + t._("not kept by %(format)s: %(what)s", format=report.format, what=what))


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
    t = words()
    for what in report.dropped:
        err.print("  " + t._("not kept by %(format)s: %(what)s", format=report.format, what=what))
    typer.echo(report.territory_id)


def template(
    output: Annotated[Path, typer.Argument(help="template.xlsx, template.zip or a folder.")],
) -> None:
    """Write the empty spreadsheet template coordinators fill in (XLSX, zip of CSV, or folder)."""
    from pactmap.graph.interchange import formats

    formats.write_template(output)
    err.print(words()._("wrote %(path)s", path=str(output)))
