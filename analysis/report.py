"""A report a coordinator can send round: a :class:`Report` as text, Markdown or JSON.

Pure: ``render(report, "markdown") -> str``; writing it anywhere is the caller's business.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from pactmap.graph.i18n import DEFAULT, Texts, texts
from pactmap.graph.sentence import Listed, localized

from .records import Ref, Report
from .wording import SECTORS, TERMS, TRENDS

FORMATS = ("text", "markdown", "json")
SHOWN = 10


def _names(refs: Sequence[Ref], t: Texts, limit: int = 8) -> str:
    shown = [r.name for r in refs[:limit]]
    more = len(refs) - limit
    if not shown:
        return t._("none")
    if more > 0:
        shown.append(t.ngettext("%(count)s more", "%(count)s more", more))
    return Listed(tuple(shown)).render(t)


def _lines(report: Report, t: Texts, heading: Callable[[str], str], bullet: str) -> list[str]:
    out: list[str] = []
    stats = report.stats
    out.append(
        t._(
            "%(actors)s actors, %(ties)s collaboration ties, %(topics)s topics, "
            "%(indicators)s indicators, %(contracts)s contracts.",
            actors=t.number(stats.get("actors", 0)),
            ties=t.number(stats.get("collaborationTies", 0)),
            topics=t.number(stats.get("topics", 0)),
            indicators=t.number(stats.get("indicators", 0)),
            contracts=t.number(stats.get("contracts", 0)),
        )
    )
    out += ["", heading(t._("Contract suggestions"))]
    if not report.suggestions:
        none = t._(
            "none: no objective could gather three sectors, a public actor and the citizens "
            "concerned"
        )
        out.append(f"{bullet}{none}")
    for i, s in enumerate(report.suggestions[:SHOWN], start=1):
        terms = ", ".join(
            f"{t._(TERMS.get(name, name))} {t.number(round(v, 2))}" for name, v in s.terms
        )
        score = t._("score %(score)s", score=t.number(round(s.score, 2)))
        out.append(f"{i}. {localized(s.objective, t)} ({score}; {terms}) [{s.id}]")
        out.append(f"   {localized(s.explanation, t)}")
    out += ["", heading(t._("Coordination gaps"))]
    for g in report.gaps[:SHOWN]:
        score = t._("score %(score)s", score=t.number(round(g.score, 2)))
        out.append(f"{bullet}{localized(g.explanation, t)} ({score})")
    if not report.gaps:
        out.append(f"{bullet}{t._('none found')}")
    out += ["", heading(t._("Silos"))]
    for silo in report.silos[:SHOWN]:
        sectors = ", ".join(
            f"{t._(SECTORS.get(k, SECTORS['other']))} {t.number(v)}"
            for k, v in silo.sectors.items()
        )
        line = t._(
            "%(silo)s: %(count)s actors (%(sectors)s); sector homophily %(homophily)s, E-I index "
            "%(ei)s; %(external)s ties leave it. Members: %(members)s",
            silo=silo.id,
            count=t.number(len(silo.actors)),
            sectors=sectors,
            homophily=t.number(round(silo.homophily, 2)),
            ei=f"{'+' if silo.ei_index >= 0 else ''}{t.number(round(silo.ei_index, 2))}",
            external=t.number(silo.external_ties),
            members=_names(silo.actors, t),
        )
        out.append(f"{bullet}{line}")
    if report.isolates:
        line = t._("No tie at all: %(names)s", names=_names(report.isolates, t))
        out.append(f"{bullet}{line}")
    out += ["", heading(t._("Brokers"))]
    for b in report.brokers[:SHOWN]:
        line = t._(
            "%(name)s: betweenness %(betweenness)s, constraint %(constraint)s, reaches "
            "%(silos)s silos",
            name=b.actor.name,
            betweenness=t.number(round(b.betweenness, 3)),
            constraint=t._("n/a") if b.constraint is None else t.number(round(b.constraint, 2)),
            silos=t.number(b.silos_bridged),
        )
        out.append(f"{bullet}{line}")
    for f in report.fragilities[:SHOWN]:
        out.append(f"{bullet}{t._('Fragile: %(why)s', why=localized(f.explanation, t))}")
    out += _coverage(report, t, heading, bullet)
    out += ["", heading(t._("Indicator trends"))]
    for trend in report.trends:
        level = "?" if trend.latest_level is None else t.number(trend.latest_level)
        parts = [
            t._(
                "%(indicator)s: level %(level)s of 5, %(trend)s",
                indicator=trend.indicator.name,
                level=level,
                trend=t._(TRENDS.get(trend.trend, trend.trend)),
            )
        ]
        for ch in trend.changes:
            if ch.change is not None:
                values = {
                    "change": f"{'+' if ch.change >= 0 else ''}{t.number(round(ch.change, 2))}",
                    "by": ch.by.name,
                    "on": t.date(date.fromisoformat(ch.on)) if ch.on else "?",
                }
                if ch.kind == "contract":
                    parts.append(t._("%(change)s since the contract '%(by)s' (%(on)s)", **values))
                else:
                    parts.append(t._("%(change)s since the action '%(by)s' (%(on)s)", **values))
        out.append(f"{bullet}{Listed(tuple(parts), 'clauses').render(t)}")
    return out


def _coverage(report: Report, t: Texts, heading: Callable[[str], str], bullet: str) -> list[str]:
    c = report.coverage
    out = ["", heading(t._("Coverage and future generations"))]
    for need in c.uncovered_indicators[:SHOWN]:
        out.append(f"{bullet}{need.indicator.name}: {localized(need.reason, t)}")
    topics = _names(c.uncovered_topics, t)
    out.append(f"{bullet}{t._('Topics no live commitment addresses: %(names)s', names=topics)}")
    concerns = _names(c.orphan_concerns, t)
    out.append(f"{bullet}{t._('Future concerns nobody addresses: %(names)s', names=concerns)}")
    for missing in c.unrepresented_groups[:SHOWN]:
        line = t._(
            "%(group)s raised %(topics)s but is not a party to %(contracts)s",
            group=missing.group.name,
            topics=_names(missing.topics, t, 3),
            contracts=_names(missing.contracts, t, 3),
        )
        out.append(f"{bullet}{line}")
    line = t._(
        "%(commitments)s live commitments and %(contracts)s contracts have no long-horizon or "
        "sustainability element",
        commitments=t.number(len(c.commitments_without_future_lens)),
        contracts=t.number(len(c.contracts_without_future_lens)),
    )
    out.append(f"{bullet}{line}")
    return out


def to_text(report: Report, t: Texts | None = None) -> str:
    t = t or texts(DEFAULT)
    title = t._("Analysis of %(territory)s", territory=report.territory.name)
    body = _lines(report, t, lambda h: f"{h}\n{'-' * len(h)}", "- ")
    return "\n".join([title, "=" * len(title), *body]) + "\n"


def to_markdown(report: Report, t: Texts | None = None) -> str:
    t = t or texts(DEFAULT)
    title = t._("Analysis of %(territory)s", territory=report.territory.name)
    body = _lines(report, t, lambda h: f"## {h}\n", "- ")
    return "\n".join([f"# {title}", "", *body]) + "\n"


def to_json(report: Report, t: Texts | None = None) -> str:
    data = _localized(report.to_json(), t or texts(DEFAULT))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _localized(data: Any, t: Texts) -> Any:
    """The report's JSON with every sentence in the language of ``t``."""
    if isinstance(data, dict):
        return {k: _localized(v, t) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_localized(v, t) for v in data]
    return localized(data, t) if isinstance(data, str) else data


def render(report: Report, fmt: str = "text", lang: str = DEFAULT) -> str:
    """The report as ``text``, ``markdown`` or ``json`` (same field names as GraphQL), its
    sentences and headings in ``lang``.

    Raises
    ------
    ValueError
        For any other format, naming the known ones.
    """
    renderers = {"text": to_text, "markdown": to_markdown, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"unknown report format '{fmt}' (known: {', '.join(FORMATS)})")
    return renderers[fmt](report, texts(lang))
