"""The scoring weights of gaps and suggestions, in one place (the sensitivity report varies
each of them, :mod:`.sensitivity`).

The defaults are the values the module docstrings of :mod:`.gaps` and :mod:`.suggestions`
state; changing one changes the ranking, never what is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Weights:
    """Gap score: ``interdependent`` (the 4-motif discount). Team terms: ``coverage`` (x need
    x f(topic)), ``sector_diversity`` (per sector), ``bridging_silo`` (per silo beyond the
    first), ``bridging_loner`` (per actor without ties), ``convenor`` (one member knows two
    who do not know each other), ``tied_pair`` (subtracted per pair already tied),
    ``citizen_raised`` / ``citizen_on_topic`` (citizen voice), ``future_concern`` and
    ``long_horizon`` (future generations), ``member_cost`` and ``spread_cost`` (each
    member's cost, and its rise per earlier suggestion)."""

    interdependent: float = 0.5
    coverage: float = 3.0
    sector_diversity: float = 1.0
    bridging_silo: float = 0.75
    bridging_loner: float = 0.5
    convenor: float = 0.5
    tied_pair: float = 0.3
    citizen_raised: float = 1.5
    citizen_on_topic: float = 0.75
    future_concern: float = 0.5
    long_horizon: float = 0.25
    member_cost: float = 0.8
    spread_cost: float = 1.0

    @staticmethod
    def names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(Weights))


GAP_WEIGHTS = ("interdependent",)
"""The weights that move the gap ranking; every other one moves the suggestions only."""
DEFAULT = Weights()
