"""On generated territories with PLANTED gaps, silos and coalitions (pactmap.seeds.generator),
the analysis finds what was planted. Precision and recall are computed and stated here.

- recall: a planted gap counts as found when every pair of its actors is named together by
  one of the top ``Limits().gaps`` (50) results (a pair gap or a group gap);
- precision@k: of the top k results, k = the number of planted gaps, the share made only of
  actors of one planted gap;
- the first suggestion contains a planted coalition;
- silo purity: the share of actors whose found silo's majority comes from their planted silo.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from pactmap.analysis import Report, analyze
from pactmap.graph.store import Snapshot
from pactmap.seeds.generator import Generated, generate_territory


def snapshot_of(generated: Generated) -> Snapshot:
    return Snapshot(
        territory=generated.territory,
        nodes=sorted(generated.nodes, key=lambda n: n.id),
        relationships=list(generated.relationships),
    )


@pytest.fixture(scope="module", params=[(1000, 1), (3000, 2)], ids=["1000-actors", "3000-actors"])
def case(request: pytest.FixtureRequest) -> tuple[Generated, Report]:
    actors, seed = request.param
    generated = generate_territory(actors, seed)
    return generated, analyze(snapshot_of(generated), seed=seed)


def recall(generated: Generated, report: Report) -> float:
    named = set()
    for gap in report.gaps:
        named.update(combinations(sorted(a.id for a in gap.actors), 2))
    planted = generated.planted.gaps
    found = [g for g in planted if set(combinations(sorted(g.actors), 2)) <= named]
    return len(found) / len(planted)


def precision_at_k(generated: Generated, report: Report) -> float:
    planted = [set(g.actors) for g in generated.planted.gaps]
    top = report.gaps[: len(planted)]
    hits = sum(1 for gap in top if any({a.id for a in gap.actors} <= p for p in planted))
    return hits / len(top)


def test_planted_gaps_are_in_the_top_results(case: tuple[Generated, Report]) -> None:
    generated, report = case
    r, p = recall(generated, report), precision_at_k(generated, report)
    # measured: recall 1.00 on both territories; precision@k 1.00 (1,000) and 1.00 (3,000)
    assert r >= 0.9, f"recall {r:.2f}"
    assert p >= 0.8, f"precision@k {p:.2f}"


def test_the_first_suggestion_contains_a_planted_coalition(
    case: tuple[Generated, Report],
) -> None:
    generated, report = case
    first = {a.id for a in report.suggestions[0].actors}
    assert any(set(c.actors) <= first for c in generated.planted.coalitions), sorted(first)


def test_found_silos_follow_the_planted_ones(case: tuple[Generated, Report]) -> None:
    generated, report = case
    planted = {a: i for i, silo in enumerate(generated.planted.silos) for a in silo.actors}
    pure = 0
    for silo in report.silos:
        counts = Counter(planted.get(a.id) for a in silo.actors)
        pure += counts.most_common(1)[0][1]
    purity = pure / sum(len(s.actors) for s in report.silos)
    # measured: 0.99 (1,000 actors) and 0.86 (3,000 actors)
    assert purity >= 0.8, f"silo purity {purity:.2f}"
