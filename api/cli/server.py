"""``pactmap serve``: the API and the web UI under uvicorn, in one process or several."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..settings import get_settings, open_store

APP_FACTORY = "pactmap.api.app:create_app"


def serve(
    host: Annotated[str | None, typer.Option(help="Address (default PACTMAP_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default PACTMAP_PORT).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Processes (default PACTMAP_WORKERS, else one per core)."),
    ] = None,
) -> None:
    """Serve the API and the web UI with uvicorn.

    With several workers each process serves requests on the same socket; what must agree
    across them lives in the store (sessions, tokens, the change log that live updates follow).
    """
    import uvicorn

    from ..app import create_app

    settings = get_settings()  # a bad setting stops here, before any worker starts
    if host:  # the app shows tracebacks only when it knows it listens on loopback
        settings = settings.model_copy(update={"host": host})
    count = workers or settings.workers or os.cpu_count() or 1
    bind_host, bind_port = settings.host, port or settings.port
    if count == 1:
        uvicorn.run(
            create_app(settings),
            host=bind_host,
            port=bind_port,
            proxy_headers=settings.production,
            log_level="info",
        )
        return
    # Open the store once here: it is migrated (SQLite) or its constraints created (Neo4j)
    # before the workers start, and an unreachable database stops pactmap at once.
    open_store(settings).close()
    # Workers read their settings again, from the environment: hand them the address too.
    os.environ["PACTMAP_HOST"] = bind_host
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        workers=count,
        host=bind_host,
        port=bind_port,
        proxy_headers=settings.production,
        log_level="info",
    )
