"""The sensitivity report (issue 12, item 6): each scoring weight halved and raised by half,
the top-5 gaps and suggestions compared with the default run."""

from __future__ import annotations

import json

import pytest
from pactmap.analysis import analyze
from pactmap.analysis.sensitivity import jaccard, kendall_tau, sensitivity
from pactmap.analysis.weights import DEFAULT, GAP_WEIGHTS, Weights
from pactmap.graph.store import Snapshot
from pactmap.seeds.demo import demo_territory


@pytest.fixture(scope="module")
def demo() -> Snapshot:
    d = demo_territory()
    return Snapshot(
        territory=d.territory,
        nodes=sorted(d.nodes, key=lambda n: n.id),
        relationships=sorted(d.relationships, key=lambda r: (r.from_id, r.type.value, r.to_id)),
    )


def test_every_weight_and_factor_is_reported_and_the_report_is_deterministic(
    demo: Snapshot,
) -> None:
    report = sensitivity(demo, seed=3)
    assert json.dumps(report) == json.dumps(sensitivity(demo, seed=3))
    changes = report["changes"]
    assert isinstance(changes, list)
    assert [(c["weight"], c["factor"]) for c in changes] == [
        (name, f) for name in Weights.names() for f in (0.5, 1.5)
    ]
    for c in changes:
        assert c["value"] == pytest.approx(getattr(DEFAULT, c["weight"]) * c["factor"])
        for key in ("gapsJaccard", "suggestionsJaccard"):
            assert 0.0 <= c[key] <= 1.0
        assert -1.0 <= c["gapsKendallTau"] <= 1.0
    # weights of the team terms never move the gaps (they are computed before the teams)
    assert all(
        c["gapsJaccard"] == 1.0 and c["gapsKendallTau"] == 1.0
        for c in changes
        if c["weight"] not in GAP_WEIGHTS
    )
    # and on the demo some weight does move the suggestions (measured: coverage x 0.5 gives
    # a Jaccard index of 0.0 on the top 5)
    assert min(c["suggestionsJaccard"] for c in changes) < 1.0


def test_a_changed_weight_reaches_the_terms(demo: Snapshot) -> None:
    base = analyze(demo, seed=0)
    doubled = analyze(demo, seed=0, weights=Weights(sector_diversity=2.0))
    first = {s.id: dict(s.terms) for s in base.suggestions}
    for s in doubled.suggestions:
        if s.id in first:
            assert dict(s.terms)["sector_diversity"] == 2 * first[s.id]["sector_diversity"]
            break
    else:
        pytest.fail("no suggestion in common between the two runs")


def test_unknown_weight_is_refused(demo: Snapshot) -> None:
    with pytest.raises(ValueError, match="unknown weight 'charisma'"):
        sensitivity(demo, weights=("charisma",))


def test_jaccard_and_kendall_tau_worked_examples() -> None:
    a, b, c, d = (frozenset({x}) for x in "abcd")
    assert jaccard([a, b, c], [a, b, d]) == 2 / 4
    assert jaccard([], []) == 1.0
    assert kendall_tau([a, b, c], [a, b, c]) == 1.0
    assert kendall_tau([a, b, c], [b, a, c]) == pytest.approx(1 / 3)  # 2 agree, 1 not: 1/3
