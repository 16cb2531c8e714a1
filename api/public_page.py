"""``/public/{territoryId}``: a published territory's page for residents, plain HTML, no account.

What it shows is :func:`pactmap.api.public_view.public_view`'s whitelist, in the reader's
language (``?lang=fr``, else ``Accept-Language``), with local dates and numbers, indicator charts
drawn as SVG on the server (each with a table of its values for screen readers), and no
JavaScript. An unknown territory and one not published answer the same real 404. Answers carry
an ETag (the territory's change sequence and the language) and may be cached for five minutes.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from pactmap.graph.errors import NotFound
from pactmap.graph.i18n import LANGUAGES, negotiate
from pactmap.graph.store import Store
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .pages import page
from .public_view import PublicTerritory, public_view

MAX_AGE_S = 300


def render(view: PublicTerritory, lang: str) -> str:
    return page("public.html", lang, t=view, languages=LANGUAGES)


def _load(store: Store, territory_id: str) -> tuple[Any, int] | None:
    """The territory's snapshot and version, or None when it is unknown or not published."""
    try:
        territory = store.get(territory_id)
    except NotFound:
        return None
    if territory.territory_id is not None or not getattr(territory, "published", False):
        return None
    return store.snapshot(territory_id), store.territory_version(territory_id)


async def public_page(request: Request) -> Response:
    store: Store = request.app.state.store
    territory_id = request.path_params["territory_id"]
    lang = negotiate(request.headers.get("accept-language"), request.query_params.get("lang"))
    found = await run_in_threadpool(_load, store, territory_id)
    headers = {"vary": "Accept-Language", "content-language": lang}
    if found is None:
        return HTMLResponse(page("public_404.html", lang), status_code=404, headers=headers)
    snapshot, version = found
    etag = f'W/"{territory_id}-{version}-{lang}"'
    headers |= {"etag": etag, "cache-control": f"public, max-age={MAX_AGE_S}"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    view = public_view(snapshot, version)
    return HTMLResponse(render(view, lang), headers=headers)


async def public_css(request: Request) -> Response:
    css = resources.files("pactmap.api").joinpath("static", "public.css").read_text("utf-8")
    return Response(
        css,
        media_type="text/css",
        headers={"cache-control": f"public, max-age={MAX_AGE_S}"},
    )
