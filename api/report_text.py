"""An analysis report as a page a coordinator can send round: plain text or Markdown.

``pactmap analyze --format text|markdown`` prints it; ``--format json`` prints
``Report.to_json()`` instead (the field names of the GraphQL ``analysis`` object).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pactmap.analysis.records import Ref, Report

FORMATS = ("text", "markdown")


def _names(refs: Iterable[Ref]) -> str:
    return ", ".join(r.name for r in refs) or "-"


class _Page:
    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def title(self, text: str) -> None:
        self.lines += [f"# {text}" if self.markdown else f"{text}\n{'=' * len(text)}", ""]

    def section(self, text: str, count: int | None = None) -> None:
        if count is not None:
            text = f"{text} ({count})"
        self.lines += [f"## {text}" if self.markdown else f"{text}\n{'-' * len(text)}", ""]

    def item(self, number: int, head: str, *details: str) -> None:
        bold = f"**{head}**" if self.markdown else head
        self.lines.append(f"{number}. {bold}")
        self.lines += [f"   {d}" for d in details if d]
        self.lines.append("")

    def para(self, text: str) -> None:
        self.lines += [text, ""]


def _terms(terms: Iterable[tuple[str, float]]) -> str:
    return "; ".join(f"{name} {value:.2f}" for name, value in terms)


def render(report: Report, fmt: str = "text", *, limit: int = 10) -> str:
    """The report as ``fmt`` ("text" or "markdown"), at most ``limit`` items per section."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")
    page = _Page(markdown=fmt == "markdown")
    page.title(f"Coordination analysis: {report.territory.name}")
    stats: dict[str, Any] = report.stats
    if stats:
        page.para(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(stats.items())))

    page.section("Contract suggestions", len(report.suggestions))
    for i, s in enumerate(report.suggestions[:limit], 1):
        page.item(
            i,
            s.objective,
            f"Parties: {_names(s.actors)}",
            s.explanation,
            f"Score {s.score:.2f}: {_terms(s.terms)}",
        )

    page.section("Coordination gaps", len(report.gaps))
    for i, g in enumerate(report.gaps[:limit], 1):
        page.item(
            i, f"{_names(g.actors)} on {_names(g.topics)}", g.explanation, f"Score {g.score:.2f}"
        )

    page.section("Silos", len(report.silos))
    for i, silo in enumerate(report.silos[:limit], 1):
        sectors = ", ".join(f"{k} {v}" for k, v in sorted(silo.sectors.items()))
        page.item(
            i,
            f"{len(silo.actors)} actors, homophily {silo.homophily:.2f}",
            f"Sectors: {sectors}",
            f"Ties leaving it: {silo.external_ties}",
        )

    page.section("Brokers", len(report.brokers))
    for i, b in enumerate(report.brokers[:limit], 1):
        burt = "" if b.constraint is None else f", constraint {b.constraint:.2f}"
        page.item(
            i,
            b.actor.name,
            f"Betweenness {b.betweenness:.3f}{burt}; bridges {b.silos_bridged} silos",
        )
    for f in report.fragilities[:limit]:
        page.para(f.explanation)

    cov = report.coverage
    page.section("Coverage")
    needs = [f"{n.indicator.name} ({n.reason})" for n in cov.uncovered_indicators[:limit]]
    page.item(1, "Indicators needing a commitment", "; ".join(needs) or "none")
    page.item(2, "Topics with no active commitment", _names(cov.uncovered_topics[:limit]))
    page.item(3, "Future concerns nobody addresses", _names(cov.orphan_concerns[:limit]))
    groups = [f"{g.group.name} (on {_names(g.topics)})" for g in cov.unrepresented_groups]
    page.item(
        4,
        "Citizen groups absent from contracts on their topics",
        "; ".join(groups[:limit]) or "none",
    )

    page.section("Indicator trends", len(report.trends))
    for i, t in enumerate(report.trends[:limit], 1):
        level = "-" if t.latest_level is None else str(t.latest_level)
        page.item(i, t.indicator.name, f"{t.trend}, latest level {level} of 5")
    return "\n".join(page.lines).rstrip() + "\n"
