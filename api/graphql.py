"""/graphql over HTTP and WebSocket (graphql-transport-ws), with sign-in and its safeguards.

``mount(app, store, settings)`` is what ``create_app`` calls. It adds:

- ``POST /graphql``: queries and mutations. Callers authenticate with
  ``Authorization: Bearer <token>`` or the session cookie set by the ``login`` mutation
  (HttpOnly, SameSite=Lax, Secure when ``PACTMAP_COOKIE_SECURE``). A POST must be
  ``Content-Type: application/json`` (a cross-site form cannot send that without a CORS
  preflight) and, when it carries an ``Origin``, come from this site or one of
  ``PACTMAP_CORS_ORIGINS``; so a cookie cannot be ridden from another site.
- ``GET /graphql``: queries only (never a mutation); in a browser, the offline explorer
  (no CDN: one HTML page shipped in the package).
- ``GET /graphql/schema.graphql``: the schema in SDL.
- WebSocket ``/graphql``: subscriptions; authenticate with the ``connection_init`` payload
  ``{"Authorization": "Bearer <token>"}`` or the session cookie.

Unexpected errors are logged with the request id and, in production, masked as
``Unexpected error (request id …)``; expected ones (permission, validation, not found) keep
their message.
"""

from __future__ import annotations

import importlib.resources
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError
from pactmap.graph.errors import AuthError, StoreUnavailable
from pactmap.graph.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import MaskErrors

from .auth import SESSION_COOKIE, Caller, authenticate, remembered
from .cost import CostLimit
from .introspection import SIGN_IN, IntrospectionGate
from .schema import ApiOptions, Context, build_schema
from .schema.feed import ChangeFeed
from .schema.results import is_unexpected
from .services.logins import LoginPolicy
from .settings import Settings

log = logging.getLogger("pactmap.api.graphql")

EXPLORER = "explorer.html"
RETRY_AFTER_SECONDS = 5
"""What a refusal for an unreachable database asks a client to wait before trying again."""
EXPLORER_SCRIPT = "explorer.js"


def options_from(settings: Settings) -> ApiOptions:
    """The API's options from the settings (read once, at mount)."""
    return ApiOptions(
        production=settings.production,
        cookie_secure=settings.cookie_secure,
        cors_origins=tuple(settings.cors_origins),
        territory_creators=settings.territory_creators,
        login=LoginPolicy(
            account_free=settings.login_free_failures,
            address_free=settings.login_address_free_failures,
            first_wait_s=settings.login_backoff_seconds,
            max_wait_s=settings.login_backoff_max_seconds,
            hash_slots=settings.login_hash_slots,
        ),
    )


class MaskUnexpected(MaskErrors):
    """Mask unexpected errors (already logged with the request id by the schema) in
    production, keeping the request id so an operator can find the log line."""

    def __init__(self, production: bool) -> None:
        super().__init__(should_mask_error=is_unexpected)
        self.production = production

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = getattr(self.execution_context, "context", None)
        request_id = str(getattr(context, "request_id", "-"))
        if not self.production:
            return error
        return GraphQLError(
            message=f"Unexpected error (request id {request_id}).",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
        )


def _json_error(message: str, status: int, code: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def _same_origin(origin: str, conn: HTTPConnection) -> bool:
    host = conn.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


class PactmapGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        store: Store,
        options: ApiOptions,
        feed: ChangeFeed,
        *,
        mask: bool | None = None,
        public_schema: bool = True,
        max_cost: int | None = None,
    ) -> None:
        masked = options.production if mask is None else mask
        rules: list[Any] = [] if public_schema else [IntrospectionGate]
        extensions: list[Any] = [lambda: MaskUnexpected(masked)]
        if max_cost is not None:
            extensions.append(lambda: CostLimit(limit=max_cost))
        schema = build_schema(options, rules=rules, extra_extensions=extensions)
        super().__init__(
            schema,
            graphql_ide="graphiql",
            allowed_origins=[o for o in options.cors_origins if o != "*"],
        )
        self.store = store
        self.options = options
        self.feed = feed

    # ------------------------------------------------------------ HTTP guard and sign-in
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            refusal = self._refuse(request)
            if refusal is None:
                authorization = request.headers.get("authorization")
                session = request.cookies.get(SESSION_COOKIE)
                try:
                    caller = remembered(
                        self.store, authorization=authorization, session=session
                    ) or await run_in_threadpool(
                        authenticate, self.store, authorization=authorization, session=session
                    )
                except AuthError as exc:
                    refusal = _json_error(str(exc), 401, "UNAUTHENTICATED")
                except StoreUnavailable as exc:  # the database is down: say so, retry later
                    refusal = _json_error(str(exc), 503, "STORE_UNAVAILABLE")
                    refusal.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
                else:
                    scope.setdefault("state", {})["pactmap_caller"] = caller
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    def _refuse(self, request: Request) -> Response | None:
        """Why this request may not go on (CSRF rules), or None."""
        if request.method != "POST":
            return None
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return _json_error(
                f"a POST to /graphql must be application/json, not {media or 'empty'!r}",
                415,
                "BAD_REQUEST",
            )
        origin = request.headers.get("origin")
        if origin and not (
            _same_origin(origin, request)
            or origin in self.options.cors_origins
            or ("*" in self.options.cors_origins and "authorization" in request.headers)
        ):
            return _json_error(f"requests from {origin!r} are not allowed", 403, "FORBIDDEN")
        return None

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        state = request.scope.get("state", {})
        caller = state.get("pactmap_caller")
        reauthenticate = None
        if caller is None:  # a WebSocket: the cookie now, the connection_init payload later
            session = request.cookies.get(SESSION_COOKIE)
            caller = await self._caller(None, session)

            async def reauthenticate() -> Caller:  # read from the store, never remembered
                return await self._caller(None, session, fresh=True)

        request_id = state.get("request_id") or secrets.token_hex(8)
        return Context(
            reauthenticate=reauthenticate,
            store=self.store,
            options=self.options,
            feed=self.feed,
            caller=caller,
            request=request,
            response=response,
            request_id=str(request_id),
        )

    async def on_ws_connect(self, context: Context) -> Any:
        params: Mapping[str, Any] = context.connection_params or {}
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization:
            bearer = str(authorization)

            async def reauthenticate() -> Caller:  # read from the store, never remembered
                return await self._caller(bearer, None, fresh=True)

            try:
                context.caller = await self._caller(bearer, None)
                context.reauthenticate = reauthenticate
            except AuthError as exc:
                log.info("WebSocket refused: %s", exc)
                raise ConnectionRejectionError({"message": str(exc)}) from None
        return await super().on_ws_connect(context)

    async def _caller(
        self, authorization: str | None, session: str | None, *, fresh: bool = False
    ) -> Caller:
        return await run_in_threadpool(
            authenticate, self.store, authorization=authorization, session=session, fresh=fresh
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(explorer_html())


def _static(name: str) -> str:
    return (importlib.resources.files("pactmap.api") / "static" / name).read_text("utf-8")


def explorer_html() -> str:
    return _static(EXPLORER)


def mount(app: Starlette, store: Store, settings: Settings) -> PactmapGraphQL:
    """Add /graphql (HTTP and WebSocket) and /graphql/schema.graphql to ``app``."""
    options = options_from(settings)
    feed = ChangeFeed(options.poll_seconds)
    view = PactmapGraphQL(
        store,
        options,
        feed,
        mask=not settings.show_tracebacks,
        public_schema=settings.public_schema,
        max_cost=settings.max_query_cost,
    )
    sdl = view.schema.as_str()
    script = _static(EXPLORER_SCRIPT)

    async def schema_sdl(request: Request) -> Response:
        if not settings.public_schema:
            try:
                caller = await view._caller(
                    request.headers.get("authorization"), request.cookies.get(SESSION_COOKIE)
                )
            except AuthError as exc:
                return _json_error(str(exc), 401, "UNAUTHENTICATED")
            if not caller.authenticated:
                return _json_error(f"{SIGN_IN}: /graphql/schema.graphql", 401, "UNAUTHENTICATED")
        return PlainTextResponse(sdl)

    async def explorer_script(request: Request) -> Response:
        return Response(script, media_type="text/javascript")

    app.router.routes.extend(
        [
            Route("/graphql/schema.graphql", schema_sdl, methods=["GET"]),
            Route("/graphql/explorer.js", explorer_script, methods=["GET"]),
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", view),
        ]
    )
    app.state.graphql = view
    return view


__all__ = ["PactmapGraphQL", "explorer_html", "mount", "options_from"]
