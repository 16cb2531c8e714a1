"""A report a coordinator can send round: a :class:`Report` as text, Markdown or JSON.

Pure: ``render(report, "markdown") -> str``; writing it anywhere is the caller's business.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .records import Ref, Report

FORMATS = ("text", "markdown", "json")
SHOWN = 10


def _names(refs: Sequence[Ref], limit: int = 8) -> str:
    shown = [r.name for r in refs[:limit]]
    more = len(refs) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "") if shown else "none"


def _lines(report: Report, heading: Callable[[str], str], bullet: str) -> list[str]:
    out: list[str] = []
    stats = report.stats
    out.append(
        f"{stats.get('actors', 0)} actors, {stats.get('collaborationTies', 0)} collaboration "
        f"ties, {stats.get('topics', 0)} topics, {stats.get('indicators', 0)} indicators, "
        f"{stats.get('contracts', 0)} contracts."
    )
    out += ["", heading("Contract suggestions")]
    if not report.suggestions:
        out.append(
            f"{bullet}none: no objective could gather three sectors, a public actor and "
            "the citizens concerned"
        )
    for i, s in enumerate(report.suggestions[:SHOWN], start=1):
        terms = ", ".join(f"{name.replace('_', ' ')} {value:.2f}" for name, value in s.terms)
        out.append(f"{i}. {s.objective} (score {s.score:.2f}; {terms}) [{s.id}]")
        out.append(f"   {s.explanation}")
    out += ["", heading("Coordination gaps")]
    for g in report.gaps[:SHOWN]:
        out.append(f"{bullet}{g.explanation} (score {g.score:.2f})")
    if not report.gaps:
        out.append(f"{bullet}none found")
    out += ["", heading("Silos")]
    for silo in report.silos[:SHOWN]:
        sectors = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in silo.sectors.items())
        out.append(
            f"{bullet}{silo.id}: {len(silo.actors)} actors ({sectors}); sector homophily "
            f"{silo.homophily:.2f}, E-I index {silo.ei_index:+.2f}; {silo.external_ties} ties "
            f"leave it. Members: {_names(silo.actors)}"
        )
    if report.isolates:
        out.append(f"{bullet}No tie at all: {_names(report.isolates)}")
    out += ["", heading("Brokers")]
    for b in report.brokers[:SHOWN]:
        constraint = "n/a" if b.constraint is None else f"{b.constraint:.2f}"
        out.append(
            f"{bullet}{b.actor.name}: betweenness {b.betweenness:.3f}, constraint {constraint}, "
            f"reaches {b.silos_bridged} silos"
        )
    for f in report.fragilities[:SHOWN]:
        out.append(f"{bullet}Fragile: {f.explanation}")
    c = report.coverage
    out += ["", heading("Coverage and future generations")]
    for need in c.uncovered_indicators[:SHOWN]:
        out.append(f"{bullet}{need.indicator.name}: {need.reason}")
    out.append(f"{bullet}Topics no live commitment addresses: {_names(c.uncovered_topics)}")
    out.append(f"{bullet}Future concerns nobody addresses: {_names(c.orphan_concerns)}")
    for missing in c.unrepresented_groups[:SHOWN]:
        out.append(
            f"{bullet}{missing.group.name} raised {_names(missing.topics, 3)} but is not a "
            f"party to {_names(missing.contracts, 3)}"
        )
    out.append(
        f"{bullet}{len(c.commitments_without_future_lens)} live commitments and "
        f"{len(c.contracts_without_future_lens)} contracts have no long-horizon or "
        "sustainability element"
    )
    out += ["", heading("Indicator trends")]
    for t in report.trends:
        level = "?" if t.latest_level is None else str(t.latest_level)
        line = f"{bullet}{t.indicator.name}: level {level} of 5, {t.trend}"
        for ch in t.changes:
            if ch.change is not None:
                line += f"; {ch.change:+.2f} since {ch.kind} '{ch.by.name}' ({ch.on})"
        out.append(line)
    return out


def to_text(report: Report) -> str:
    title = f"Analysis of {report.territory.name}"
    body = _lines(report, lambda h: f"{h}\n{'-' * len(h)}", "- ")
    return "\n".join([title, "=" * len(title), *body]) + "\n"


def to_markdown(report: Report) -> str:
    body = _lines(report, lambda h: f"## {h}\n", "- ")
    return "\n".join([f"# Analysis of {report.territory.name}", "", *body]) + "\n"


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def render(report: Report, fmt: str = "text") -> str:
    """The report as ``text``, ``markdown`` or ``json`` (same field names as GraphQL).

    Raises
    ------
    ValueError
        For any other format, naming the known ones.
    """
    renderers = {"text": to_text, "markdown": to_markdown, "json": to_json}
    if fmt not in renderers:
        raise ValueError(f"unknown report format '{fmt}' (known: {', '.join(FORMATS)})")
    return renderers[fmt](report)
