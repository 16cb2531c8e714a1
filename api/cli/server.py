"""``pactmap serve``: the API and the web UI under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from ..settings import get_settings


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
