"""``pactmap serve``, ``pactmap demo`` and ``pactmap generate``: run the server, load the demo
territory and its login, generate a synthetic territory."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

import typer
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import Role

from ..security import hash_password
from ..services import accounts
from ..settings import get_settings
from .common import BY, LOCAL, opened_store, progress_bar

DEMO_EMAIL = "demo@pactmap.example"
DEMO_PASSWORD = "pactmap-demo"  # noqa: S105 - documented, demo-only, development only
"""The demo coordinator's password in development; in production a random one is printed."""


def serve(
    host: Annotated[str | None, typer.Option(help="Address (default PACTMAP_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default PACTMAP_PORT).")
    ] = None,
) -> None:
    """Serve the API and the web UI with uvicorn."""
    import uvicorn

    from ..app import create_app

    settings = get_settings()
    application = create_app(settings)
    uvicorn.run(
        application,
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=settings.production,
        log_level="info",
    )


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
        accounts.set_member(store, LOCAL, territory_id, DEMO_EMAIL, Role.COORDINATOR)
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
