"""The SPIRAL cycle on the demo territory (SQLite): a workshop's 400 sticky notes recorded in
one ``record_criteria`` call (with taxonomy suggestions applied), the territory's synthesis,
the criteria synthesis, and a cycle diff rebuilt from the change log.

Median and p95 over 7 runs (3 with --quick). Each record call adds 400 criteria, so later
runs work on a bigger map: the synthesis figures are taken on the demo plus every batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .context import BenchContext, summarize

NOTES = 400


def _timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return summarize(samples)


def run(ctx: BenchContext) -> dict[str, Any]:
    from pactmap.api.auth import LOCAL
    from pactmap.api.services import criteria, cycles, history, territories
    from pactmap.graph.model import NodeKind
    from pactmap.seeds.demo import load_demo

    runs = 3 if ctx.quick else 7
    store = ctx.sqlite_store("cycle")
    territory = load_demo(store, by="bench")
    group = store.create(
        NodeKind.ACTOR,
        {"name": "Workshop group", "sector": "citizen_group"},
        by="bench",
        territory_id=territory,
    ).id
    notes = [
        {"text": f"On n'arrive pas à chauffer le logement ({i})", "question": "illbeing"}
        for i in range(NOTES)
    ]
    out: dict[str, Any] = {
        "record_400_criteria_s": _timed(
            lambda: criteria.record_criteria(
                store, LOCAL, territory, group, notes, apply_suggestions=True
            ),
            runs,
        )
    }
    out["criteria"] = store.list_nodes(NodeKind.CRITERION, territory, first=0).total_count
    out["synthesis_s"] = _timed(lambda: cycles.territory_synthesis(store, LOCAL, territory), runs)
    out["criteria_synthesis_s"] = _timed(
        lambda: criteria.criteria_summary(store, LOCAL, territory), runs
    )
    version = territories.territory(store, territory).version
    cycles.advance_cycle(store, LOCAL, territory, version)
    out["changes"] = len(history.changes_after(store, territory))
    out["cycle_diff_s"] = _timed(lambda: cycles.diff_cycles(store, LOCAL, territory, 2, 3), runs)
    return out
