"""The demo territory's documented coordination gaps all appear, each with an explanation."""

from __future__ import annotations

from itertools import combinations

import pytest
from pactmap.analysis import Report, analyze
from pactmap.graph.store import Snapshot
from pactmap.seeds.demo import demo_territory


@pytest.fixture(scope="module")
def report() -> Report:
    demo = demo_territory()
    snapshot = Snapshot(
        territory=demo.territory,
        nodes=sorted(demo.nodes, key=lambda n: n.id),
        relationships=sorted(demo.relationships, key=lambda r: (r.from_id, r.type.value, r.to_id)),
    )
    return analyze(snapshot, seed=0)


@pytest.mark.parametrize("index", range(len(demo_territory().gaps)))
def test_each_documented_gap_appears_with_an_explanation(report: Report, index: int) -> None:
    documented = demo_territory().gaps[index]
    for a, b in combinations(documented.actors, 2):
        naming = [g for g in report.gaps if {a, b} <= {x.id for x in g.actors}]
        assert naming, f"{a} and {b} ({documented.topics}) are not named together"
        # the gap is on one of the documented topics, and says so in words
        on_topic = [g for g in naming if {t.id for t in g.topics} & set(documented.topics)]
        assert on_topic, f"{a} and {b}: not on {documented.topics}"
        gap = on_topic[0]
        assert gap.explanation
        assert any(t.name in gap.explanation for t in gap.topics)
        assert "no tie" in gap.explanation or "none of them has a tie" in gap.explanation


def test_the_first_suggestion_addresses_a_documented_gap(report: Report) -> None:
    first = {a.id for a in report.suggestions[0].actors}
    assert any(len(first & set(documented.actors)) >= 2 for documented in demo_territory().gaps), (
        sorted(first)
    )
