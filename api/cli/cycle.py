"""``pactmap cycle advance|list|diff`` and ``pactmap synthesis``: the SPIRAL cycle from the
command line.

``cycle advance`` prints the new cycle number on its last line; ``cycle diff`` and
``synthesis`` print text (default) or JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from ..auth import LOCAL
from .common import opened_store, require_territory

if TYPE_CHECKING:  # the analyses load networkx: only when a command runs
    from pactmap.analysis.criteria import CriteriaSynthesis
    from pactmap.analysis.cycles import CycleDiff
    from pactmap.analysis.records import Ref
    from pactmap.analysis.synthesis import Synthesis

cycle_app = typer.Typer(
    help="Move a territory through its SPIRAL cycles and compare them.", no_args_is_help=True
)

Territory = Annotated[str, typer.Option("--territory", help="Territory id.")]
Format = Annotated[Literal["text", "json"], typer.Option("--format", help="text or json.")]


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _names(refs: tuple[Ref, ...]) -> str:
    return ", ".join(r.name for r in refs) or "none"


@cycle_app.command("advance")
def advance_command(territory: Territory) -> None:
    """Move the territory to its next cycle (1 to 2 to 3); prints the new cycle."""
    from ..services import cycles, territories

    with opened_store() as store:
        current = territories.territory(store, territory)
        moved = cycles.advance_cycle(store, LOCAL, territory, current.version)
    typer.echo(str(getattr(moved, "spiral_cycle", "")))


@cycle_app.command("list")
def list_command(territory: Territory) -> None:
    """The cycles the territory went through: number, start and end (from the change log)."""
    from ..services import cycles

    with opened_store() as store:
        found = cycles.spans(store, LOCAL, territory)
    for cycle, span in sorted(found.items()):
        start = span.start_at.isoformat() if span.start_at else "?"
        end = span.end_at.isoformat() if span.end_at else "now"
        typer.echo(f"{cycle}\t{start}\t{end}")


def diff_text(diff: CycleDiff, from_cycle: int, to_cycle: int) -> str:
    lines = [f"From cycle {from_cycle} to cycle {to_cycle}"]
    for name, (before, after) in diff.counts.items():
        lines.append(f"  {name}: {before} -> {after}")
    lines += [
        f"New actors: {_names(diff.new_actors)}",
        f"New actor types: {', '.join(diff.new_sectors) or 'none'}",
        f"New signatories: {_names(diff.new_signatories)}",
        f"Citizen groups newly in contracts: {_names(diff.newly_represented_groups)}",
        f"New contracts: {_names(diff.new_contracts)}",
        f"New commitments: {_names(diff.new_commitments)}",
        f"New indicators: {_names(diff.new_indicators)}",
        f"New cross-sector ties: {len(diff.new_cross_sector_ties)}",
    ]
    for tie in diff.new_cross_sector_ties:
        a, b = tie.actors
        lines.append(f"  {a.name} ({a.sector}) - {b.name} ({b.sector}): {', '.join(tie.via)}")
    return "\n".join(lines)


@cycle_app.command("diff")
def diff_command(
    territory: Territory,
    from_cycle: Annotated[int, typer.Option("--from", min=1, max=3, help="Earlier cycle.")],
    to_cycle: Annotated[int, typer.Option("--to", min=1, max=3, help="Later cycle.")],
    fmt: Format = "text",
) -> None:
    """How co-responsibility widened between two cycles (each as it ended, or now)."""
    from ..services import cycles

    with opened_store() as store:
        diff = cycles.diff_cycles(store, LOCAL, territory, from_cycle, to_cycle)
    if fmt == "json":
        _dump({"fromCycle": from_cycle, "toCycle": to_cycle, **diff.to_json()})
    else:
        typer.echo(diff_text(diff, from_cycle, to_cycle))


def synthesis_text(s: Synthesis, c: CriteriaSynthesis) -> str:
    lines = [f"Synthesis of {s.territory.name} (cycle {s.cycle})", "", "Indicators by dimension"]
    for d in s.dimensions:
        lines.append(f"  {d.dimension or 'unclassified'}")
        for i in d.indicators:
            level = "-" if i.latest_level is None else str(i.latest_level)
            lines.append(
                f"    {i.indicator.name}: level {level}, {i.trend}; "
                f"contracts: {_names(i.contracts)}; commitments: {_names(i.commitments)}; "
                f"actions: {_names(i.actions)}"
            )
    lines += ["", "Co-evaluations (mean level ex-ante -> ex-post)"]
    for e in s.contracts:
        ante = "-" if e.ex_ante is None else f"{round(e.ex_ante, 2):g}"
        post = "-" if e.ex_post is None else f"{round(e.ex_post, 2):g}"
        lines.append(f"  {e.contract.name} ({e.status}): {ante} -> {post}")
    lines += ["", f"Citizens' criteria ({c.total})"]
    for g in c.groups:
        dims = ", ".join(f"{d.dimension} {d.count} ({d.share:.0%})" for d in g.dimensions)
        lines.append(f"  {g.group.name}: {dims or 'none classified'}")
    lines.append(f"  Raised by no group: {', '.join(c.unraised) or 'none'}")
    for m in c.minorities:
        texts = "; ".join(r.name for r in m.criteria)
        lines.append(f"  Only {m.group.name} raised {m.kind} {m.code}: {texts}")
    return "\n".join(lines)


def synthesis_command(territory: Territory, fmt: Format = "text") -> None:
    """The territory's synthesis: indicators per dimension with level and trend, the
    contracts and commitments behind them, co-evaluations, and the citizens' criteria."""
    from ..services import criteria, cycles

    with opened_store() as store:
        require_territory(store, territory)
        found = cycles.territory_synthesis(store, LOCAL, territory)
        summary = criteria.criteria_summary(store, LOCAL, territory)
    if fmt == "json":
        _dump({**found.to_json(), "criteria": summary.to_json()})
    else:
        typer.echo(synthesis_text(found, summary))
