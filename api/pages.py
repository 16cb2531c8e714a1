"""Pages pactmap renders on the server (the public page, the workshop pack): one Jinja
environment (autoescaped, templates in ``api/templates``), the words and local formats of the
reader's language, and indicator charts drawn as SVG coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pactmap.graph.i18n import texts
from pactmap.graph.sentence import localized
from pactmap.graph.vocabulary import label

from .public_view import PublicIndicator

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


def page(name: str, lang: str, **values: Any) -> str:
    """Template ``name`` rendered in ``lang``, with what every page uses: ``_`` and
    ``ngettext`` (the catalogs), ``date``, ``number``, ``percent``, ``word`` (the vocabulary of
    enumerated values), ``said`` (an analysis sentence in ``lang``) and ``chart`` (an
    indicator's levels as SVG coordinates)."""
    words = texts(lang)
    return (
        _environment()
        .get_template(name)
        .render(
            lang=lang,
            _=words._,
            ngettext=words.ngettext,
            date=words.date,
            number=words.number,
            percent=words.percent,
            word=lambda vocabulary, value: words._(label(vocabulary, value)),
            said=lambda text: localized(text, words),
            chart=lambda indicator: chart(indicator, lang),
            chart_size=(CHART_W, CHART_H),
            **values,
        )
    )
