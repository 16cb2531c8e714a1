"""Back-testing (issue 12, item 7, the pure function): on maps where contracts form by a
stated process, pactmap's gap ranking foresees them better than the baselines.

The process (stated, and in the model's favour by design: it is the coordination story the
method tells): each new contract gathers three untied actors that work on one topic, the
topic drawn with probability proportional to its need (an indicator at a low level doubles
its chance). Collaboration ties before the date are random, so link prediction from the
collaboration graph alone (common neighbours, Adamic-Adar, preferential attachment) sees
nothing of it. Measured, mean over the 5 maps below (k = 50):

    pactmap                  P@50 0.156  R@50 0.488  MRR 0.473
    common_neighbours        P@50 0.028  R@50 0.089  MRR 0.196
    adamic_adar              P@50 0.036  R@50 0.115  MRR 0.435
    preferential_attachment  P@50 0.040  R@50 0.121  MRR 0.283
    random                   P@50 0.016  R@50 0.049  MRR 0.108
"""

from __future__ import annotations

import random
from datetime import date
from itertools import combinations

from pactmap.analysis.backtest import backtest, evaluate
from pactmap.graph.store import Snapshot

from .builders import MapBuilder


def town(seed: int) -> tuple[Snapshot, list[tuple[str, str]]]:
    rng = random.Random(seed)
    b = MapBuilder()
    actors = [b.actor(f"a{i:02d}", "association") for i in range(40)]
    topics = [b.topic(f"t{j}") for j in range(8)]
    on: dict[str, list[str]] = {t: [] for t in topics}
    for a in actors:
        for t in rng.sample(topics, rng.randint(1, 2)):
            b.works_on(a, t)
            on[t].append(a)
    tied = set()
    for a, c in combinations(actors, 2):
        if rng.random() < 0.05:
            b.tie(a, c)
            tied.add((a, c))
    years = [date(2023, 1, 1), date(2024, 1, 1)]
    for j, t in enumerate(topics[:3]):
        b.indicator(f"i{j}", [t], list(zip(years, [3, 1], strict=True)))
    weights = [2.0 if j < 3 else 1.0 for j in range(len(topics))]
    formed: list[tuple[str, str]] = []
    for _ in range(6):
        t = rng.choices(topics, weights)[0]
        team = rng.sample(sorted(on[t]), min(3, len(on[t])))
        formed += [p for p in combinations(sorted(team), 2) if p not in tied]
    return b.snapshot(), formed


def test_pactmap_beats_the_baselines_on_the_stated_process() -> None:
    wins = {"random": 0, "common_neighbours": 0, "adamic_adar": 0, "preferential_attachment": 0}
    for seed in range(5):
        before, formed = town(seed)
        scores = {s.method: s for s in backtest(before, formed, k=50)}
        for method in wins:
            wins[method] += scores["pactmap"].recall > scores[method].recall
    assert all(count >= 4 for count in wins.values()), wins


def test_evaluate_worked_example() -> None:
    ranking = [("a", "b"), ("a", "c"), ("b", "c")]
    untied = set(ranking)
    # formed: a-c (rank 2) and c-d (tied before or unknown: not counted)
    assert evaluate(ranking, [("c", "a"), ("c", "d")], untied, k=2) == (0.5, 1.0, 0.5)
