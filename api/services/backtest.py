"""Back-testing on a territory's own history: the map as it was at a date (replayed from the
change log), the actor pairs that came to work together after it (joint commitments made and
contracts signed later), and how well pactmap's gap ranking and the baselines foresaw them
(:func:`pactmap.analysis.backtest.backtest`)."""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

from pactmap.analysis.backtest import Score, backtest
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.store import Snapshot, Store

from ..auth import Caller, Permission
from .history import map_at_moment

MAX_K = 200


def formed_after(now: Snapshot, at: datetime) -> set[tuple[str, str]]:
    """Actor pairs joined after ``at``: two makers of one commitment, or two parties of one
    contract, created after ``at``."""
    later = {
        n.id
        for n in now.nodes
        if n.KIND in (NodeKind.COMMITMENT, NodeKind.CONTRACT) and n.created_at > at
    }
    groups: dict[str, set[str]] = {}
    for rel in now.relationships:
        if rel.type in (RelType.MADE, RelType.SIGNED) and rel.to_id in later:
            groups.setdefault(rel.to_id, set()).add(rel.from_id)
    return {
        (a, b) if a < b else (b, a)
        for members in groups.values()
        for a, b in combinations(sorted(members), 2)
    }


def backtest_at(
    store: Store, caller: Caller, territory_id: str, at: datetime, *, k: int = 20, seed: int = 0
) -> tuple[list[Score], int]:
    """Every ranking's precision@k, recall@k and MRR against what formed after ``at``, and the
    number of pairs that formed (facilitators and above)."""
    caller.require(territory_id, Permission.ANALYSE)
    if not 1 <= k <= MAX_K:
        raise ValidationError(f"k is between 1 and {MAX_K}", field="k", value=k)
    before = map_at_moment(store, caller, territory_id, at)
    formed = formed_after(store.snapshot(territory_id), at)
    try:
        return backtest(before, formed, k=k, seed=seed), len(formed)
    except ValueError as exc:
        raise ValidationError(str(exc), field="territory_id", value=territory_id) from None
