"""The Starlette application: /healthz, the public pages, /graphql, the web UI.

``create_app`` builds it; ``pactmap serve`` runs it on uvicorn. Routes are added in this order:

1. ``/healthz`` — JSON ``{"status", "store", "version"}`` after asking the store one question;
2. ``/public/{territoryId}`` and ``/public.css`` — a published territory's page for residents;
3. ``pactmap.api.graphql.mount(app, store, settings)`` — /graphql (HTTP and WebSocket), its
   schema file and the explorer;
4. the web UI bundle (``pactmap.webui``'s ``dist/``) at ``/``, any unknown path answering
   ``index.html`` so the single-page app can route; 503 with a hint while it is not built.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import importlib.resources
import logging
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .graphql import mount as mount_graphql
from .headers import add_security_headers
from .limits import BodyLimitMiddleware
from .public_page import public_css, public_page
from .settings import Settings, get_settings, open_store

log = logging.getLogger("pactmap.api")

WEBUI_MISSING = "The web UI is not built. Run `make webui` (or `make run`), then reload.\n"


def version() -> str:
    try:
        return importlib.metadata.version("pactmap")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


class RequestIdMiddleware:
    """Give every HTTP request an id (``X-Request-ID``, kept if the client sent a sane one),
    available as ``request.state.request_id`` for logs and masked error messages."""

    def __init__(self, app: ASGIApp, *, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if given.isalnum() and len(given) <= 64 else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                secure = self.secure or scope.get("scheme") == "https"
                message["headers"] = add_security_headers(headers, secure=secure)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def webui_dist() -> Path | None:
    """The built web UI directory, or None while it is not built."""
    try:
        root = importlib.resources.files("pactmap.webui") / "dist"
    except ModuleNotFoundError:
        return None
    path = Path(str(root))
    return path if (path / "index.html").is_file() else None


async def healthz(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    body: dict[str, Any] = {"store": settings.store_kind, "version": version()}
    try:
        await run_in_threadpool(store.list_nodes, NodeKind.TERRITORY, None, first=1)
    except Exception as exc:  # a health check answers 503 for any failure, never 500
        log.warning("healthz: the store does not answer: %s", exc)
        detail = str(exc) if settings.show_tracebacks else "the store does not answer"
        return JSONResponse({"status": "unavailable", **body, "error": detail}, status_code=503)
    return JSONResponse({"status": "ok", **body})


async def webui(request: Request) -> Response:
    dist = webui_dist()
    if dist is None:
        return PlainTextResponse(WEBUI_MISSING, status_code=503)
    wanted = request.path_params.get("path", "")
    target = (dist / wanted).resolve()
    if wanted and target.is_relative_to(dist.resolve()) and target.is_file():
        immutable = wanted.startswith("assets/")
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return FileResponse(target, headers={"cache-control": cache})
    if wanted.startswith("assets/") or Path(wanted).suffix in {".js", ".css", ".map", ".wasm"}:
        return PlainTextResponse(f"Not found: /{wanted}\n", status_code=404)
    return FileResponse(dist / "index.html", headers={"cache-control": "no-cache"})


def create_app(settings: Settings | None = None, store: Store | None = None) -> Starlette:
    """The pactmap web application.

    Without ``store`` the app opens the one ``settings`` names and closes it on shutdown; a
    ``store`` passed in stays the caller's to close.
    """
    settings = settings or get_settings()
    owned = store is None
    the_store = open_store(settings) if store is None else store

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                the_store.close()

    # Maps travel as JSON of several MB: compressed, a 5,000-actor map shrinks about tenfold.
    middleware = [
        Middleware(RequestIdMiddleware, secure=settings.cookie_secure),
        Middleware(
            BodyLimitMiddleware,
            max_body=settings.max_body_bytes,
            max_import=settings.max_import_bytes,
        ),
        Middleware(GZipMiddleware, minimum_size=1024),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_credentials="*" not in settings.cors_origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type", "x-request-id"],
            )
        )
    app = Starlette(
        debug=settings.show_tracebacks,
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/public.css", public_css, methods=["GET", "HEAD"]),
            Route("/public/{territory_id}", public_page, methods=["GET", "HEAD"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = the_store
    mount_graphql(app, the_store, settings)
    app.add_route("/", webui, methods=["GET", "HEAD"])
    app.add_route("/{path:path}", webui, methods=["GET", "HEAD"])
    return app
