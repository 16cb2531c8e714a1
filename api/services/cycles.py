"""The SPIRAL cycle on a store: moving to the next cycle, the maps and differences of cycles,
and the territory's synthesis for the next one.

Shared by the GraphQL schema (:mod:`pactmap.api.schema.cycle`) and the command line
(:mod:`pactmap.api.cli.cycle`); each checks its caller (reading takes a reader, advancing
an editor). Each write is one store transaction; the pure work is in
:mod:`pactmap.analysis` (synthesis, cycles); the map of a past moment is replayed by
:mod:`.history`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.cycles import CycleDiff, CycleSpan, cycle_diff, cycle_spans
from pactmap.analysis.synthesis import Synthesis, synthesis
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import Node
from pactmap.graph.store import Snapshot, Store

from ..auth import Caller, Permission
from .history import changes_after, replay
from .territories import require, territory

LAST_CYCLE = 3


def advance_cycle(store: Store, caller: Caller, territory_id: str, expected_version: int) -> Node:
    """Move the territory to its next SPIRAL cycle (1 -> 2 -> 3); the change log keeps when."""
    require(store, caller, territory_id, Permission.EDIT)
    current = territory(store, territory_id)
    if current.version == expected_version and current.spiral_cycle >= LAST_CYCLE:
        raise ValidationError(
            f"Territory '{territory_id}' is already in the last cycle ({LAST_CYCLE})",
            field="spiral_cycle",
            value=current.spiral_cycle,
        )
    return store.update(
        territory_id,
        {"spiral_cycle": current.spiral_cycle + 1},
        expected_version=expected_version,
        by=caller.by,
    )


def spans(store: Store, caller: Caller, territory_id: str) -> dict[int, CycleSpan]:
    """When the territory was in each cycle (from its change log)."""
    require(store, caller, territory_id, Permission.READ)
    return cycle_spans(territory_id, changes_after(store, territory_id))


def cycle_map(
    store: Store, caller: Caller, territory_id: str, cycle: int, *, end: bool = False
) -> Snapshot:
    """The map at the start of ``cycle`` (or at its end: when the territory left it, or now
    for the current cycle). Raises ValidationError for a cycle the territory was never in."""
    require(store, caller, territory_id, Permission.READ)
    return cycle_maps(store, territory_id, [(cycle, end)])[0]


def cycle_maps(
    store: Store, territory_id: str, wanted: Sequence[tuple[int, bool]]
) -> list[Snapshot]:
    """Several cycle maps (``(cycle, end)`` as in :func:`cycle_map`) from one read of the
    map and its change log."""
    now = store.snapshot(territory_id)  # before the log: see .history
    changes = changes_after(store, territory_id)
    found = cycle_spans(territory_id, changes)
    maps = []
    for cycle, end in wanted:
        span = _span(found, territory_id, cycle)
        seq = span.end_seq if end else span.start_seq
        maps.append(replay(now, changes, seq))
    return maps


def _span(found: Mapping[int, CycleSpan], territory_id: str, cycle: int) -> CycleSpan:
    if cycle not in found:
        so_far = ", ".join(str(c) for c in sorted(found)) or "none recorded"
        raise ValidationError(
            f"Territory '{territory_id}' has not been in cycle {cycle} (cycles: {so_far})",
            field="cycle",
            value=cycle,
        )
    return found[cycle]


def diff_cycles(
    store: Store, caller: Caller, territory_id: str, from_cycle: int, to_cycle: int
) -> CycleDiff:
    """How co-responsibility widened from cycle ``from_cycle``'s map to ``to_cycle``'s, each
    taken as the cycle ended (or now, for the current cycle)."""
    require(store, caller, territory_id, Permission.READ)
    before, after = cycle_maps(store, territory_id, [(from_cycle, True), (to_cycle, True)])
    return cycle_diff(before, after)


def territory_synthesis(store: Store, caller: Caller, territory_id: str) -> Synthesis:
    """Indicators per dimension, the commitments and contracts behind them, co-evaluations."""
    require(store, caller, territory_id, Permission.READ)
    return synthesis(snapshot_to_graph(store.snapshot(territory_id)))
