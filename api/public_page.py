"""``/public/{territoryId}``: a published territory's page for residents, plain HTML, no account.

What it shows is :func:`pactmap.api.public_view.public_view`'s whitelist, in the reader's
language (``?lang=fr``, else ``Accept-Language``), with local dates and numbers, indicator charts
drawn as SVG on the server (each with a table of its values for screen readers), and no
JavaScript. An unknown territory and one not published answer the same real 404. Answers carry
an ETag (the territory's change sequence and the language) and may be cached for five minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pactmap.graph.errors import NotFound
from pactmap.graph.i18n import LANGUAGES, negotiate, texts
from pactmap.graph.store import Store
from pactmap.graph.vocabulary import label
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .public_view import PublicIndicator, PublicTerritory, public_view

MAX_AGE_S = 300
CHART_W, CHART_H, PAD_X, TOP, BOTTOM = 560, 190, 36, 6, 24


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pactmap.api", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class Chart:
    """An indicator's levels over time, in SVG coordinates."""

    points: str
    dots: list[tuple[float, float, str, int]]
    bands: list[tuple[float, float, int]]
    ticks: list[tuple[float, str]]
    target_y: float | None


def chart(indicator: PublicIndicator, lang: str) -> Chart | None:
    """Where each measured level is drawn (x by date, y by level 1-5), or None without levels."""
    measured = [(on, level) for on, _, level in indicator.measurements if level is not None]
    if not measured:
        return None
    first, last = measured[0][0].toordinal(), measured[-1][0].toordinal()
    span = max(1, last - first)

    def x(on: date) -> float:
        return round(PAD_X + (on.toordinal() - first) / span * (CHART_W - 2 * PAD_X), 1)

    def y(level: float) -> float:  # the five bands fill the plot, level 5 on top
        return round(TOP + (5.5 - level) / 5 * (CHART_H - TOP - BOTTOM), 1)

    words = texts(lang)
    dots = [(x(on), y(level), words.date(on, "medium"), level) for on, level in measured]
    years = sorted({on.year for on, _ in measured})
    return Chart(
        points=" ".join(f"{px},{py}" for px, py, _, _ in dots),
        dots=dots,
        bands=[(y(level + 0.5), y(level - 0.5) - y(level + 0.5), level) for level in range(1, 6)],
        ticks=[(x(max(measured[0][0], date(year, 1, 1))), str(year)) for year in years],
        target_y=None if indicator.target_level is None else y(indicator.target_level),
    )


def render(view: PublicTerritory, lang: str) -> str:
    words = texts(lang)
    env = _environment()
    template = env.get_template("public.html")
    return template.render(
        t=view,
        lang=lang,
        languages=LANGUAGES,
        _=words._,
        ngettext=words.ngettext,
        date=words.date,
        number=words.number,
        percent=words.percent,
        word=lambda vocabulary, value: words._(label(vocabulary, value)),
        chart=lambda indicator: chart(indicator, lang),
        chart_size=(CHART_W, CHART_H),
    )


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
        page = _environment().get_template("public_404.html")
        words = texts(lang)
        body = page.render(lang=lang, _=words._)
        return HTMLResponse(body, status_code=404, headers=headers)
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
