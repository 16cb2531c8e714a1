"""Back-testing on the generator's temporal mode: the gap ranking and the link-prediction
baselines, precision@k, recall@k and MRR against the contracts that formed after the date.

For each seed: :func:`pactmap.seeds.temporal.temporal_territory` (1,000 actors, 24 months
of contracts from 2025-01, four a month; that module states the process: 60 % coordination
on needy topics, 40 % friend-of-a-friend closure), the map at
the middle date (:meth:`History.snapshot_at`), the pairs formed from then on
(:meth:`History.formed_after`), each method's ranking of the untied pairs
(:func:`pactmap.analysis.backtest.rankings`), scored at k = 50, 500 and 5,000. The table is
the mean over seeds; ``median_rank`` is the median position of a formed pair in each
ranking (the number of untied pairs when a method does not rank it: no common neighbour).
"""

from __future__ import annotations

import statistics
import time
from itertools import combinations
from typing import Any

from .context import BenchContext

KS = (50, 500, 5000)
ACTORS = 1000


def one(seed: int) -> dict[str, Any]:
    from pactmap.analysis.backtest import evaluate, rankings
    from pactmap.analysis.convert import build_views
    from pactmap.seeds.temporal import temporal_territory

    history = temporal_territory(ACTORS, seed)
    at = history.middle()
    before = history.snapshot_at(at)
    formed = history.formed_after(at)
    C = build_views(before).collaboration
    untied = {p for p in combinations(sorted(C), 2) if not C.has_edge(*p)}
    started = time.process_time()
    ranks = rankings(before, seed=seed)
    cpu = time.process_time() - started
    truth = formed & untied
    out: dict[str, Any] = {
        "at": at.isoformat(),
        "formed_pairs": len(formed),
        "formed_untied_pairs": len(truth),
        "untied_pairs": len(untied),
        "rankings_cpu_s": round(cpu, 3),
        "methods": {},
    }
    for method, ranking in ranks.items():
        position = {p: i for i, p in enumerate(ranking)}
        ranked = sorted(position.get(p, len(untied)) for p in truth)
        scores: dict[str, float] = {
            "median_rank": float(statistics.median(ranked) if ranked else 0)
        }
        for k in KS:
            precision, recall, mrr = evaluate(ranking, formed, untied, k)
            scores[f"P@{k}"], scores[f"R@{k}"], scores[f"MRR@{k}"] = precision, recall, mrr
        out["methods"][method] = scores
    return out


def run(ctx: BenchContext) -> dict[str, Any]:
    seeds = [1] if ctx.quick else [1, 2, 3]
    runs = {str(s): one(s) for s in seeds}
    methods = list(next(iter(runs.values()))["methods"])
    table = {
        m: {
            key: round(statistics.mean(r["methods"][m][key] for r in runs.values()), 4)
            for key in runs[str(seeds[0])]["methods"][m]
        }
        for m in methods
    }
    return {
        "command": (
            f"rankings(History.snapshot_at(middle)) of temporal_territory({ACTORS}, seed) "
            "against History.formed_after(middle)"
        ),
        "process": "pactmap.seeds.temporal (coordination 60 %, closure 40 %, 24 months)",
        "seeds": seeds,
        "table_mean_over_seeds": table,
        "runs": runs,
    }
