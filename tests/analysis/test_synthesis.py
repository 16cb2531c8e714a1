"""The territory synthesis: indicators per dimension with level, trend and what stands behind
them; co-evaluation averages per contract."""

from __future__ import annotations

from datetime import date

from pactmap.analysis.compare import territory_profile
from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.records import Gap, Ref
from pactmap.analysis.synthesis import synthesis
from pactmap.graph.model import NodeKind

from .builders import MapBuilder


def _map() -> MapBuilder:
    m = MapBuilder()
    m.actor("town", "public_authority")
    m.actor("parents", "citizen_group")
    m.topic("housing", "Housing", dimension="A")
    m.topic("ties", "Ties", dimension="D")
    # cold homes measures housing: levels 2 then 3 a year later (improving)
    m.indicator("cold", ["housing"], [(date(2025, 1, 1), 2), (date(2026, 1, 1), 3)], name="Cold")
    # loneliness has no topic; a criterion classified G informs it
    m.node(NodeKind.INDICATOR, "lonely", name="Loneliness")
    m.node(NodeKind.CRITERION, "crit", text="On est seuls", question="illbeing", dimension="G")
    m.link("INFORMS", "crit", "lonely")
    m.node(NodeKind.INDICATOR, "bare", name="Bare")
    m.contract("con", {"town": "signatory", "parents": "partner_author"}, ["housing"], title="Warm")
    m.commitment("com", ["town"], ["cold"], title="Insulate")
    m.link("PART_OF", "com", "con")
    m.node(NodeKind.ACTION, "pilot", title="Pilot street")
    m.link("TARGETS", "pilot", "cold")
    for i, (actor, phase, level) in enumerate(
        [("town", "ex_ante", 2), ("parents", "ex_ante", 1), ("town", "ex_post", 4)]
    ):
        m.node(NodeKind.EVALUATION, f"ev{i}", phase=phase, level=level, on=date(2026, 1, 1))
        m.link("GAVE", actor, f"ev{i}")
        m.link("OF", f"ev{i}", "con")
    return m


def test_indicators_by_dimension_with_level_trend_and_what_is_behind() -> None:
    result = synthesis(snapshot_to_graph(_map().snapshot()))
    lines = {d.dimension: [i.indicator.id for i in d.indicators] for d in result.dimensions}
    # cold via its topic (A), loneliness via its criterion (G), bare under None, listed last
    assert lines == {"A": ["cold"], "G": ["lonely"], None: ["bare"]}
    assert [d.dimension for d in result.dimensions] == ["A", "G", None]
    cold = result.dimensions[0].indicators[0]
    assert (cold.latest_level, cold.latest_on, cold.trend) == (3, "2026-01-01", "improving")
    assert [c.id for c in cold.commitments] == ["com"]
    # "con" targets the topic cold measures, and holds "com"
    assert [c.id for c in cold.contracts] == ["con"]
    assert [a.id for a in cold.actions] == ["pilot"]  # an action targeting it
    assert result.dimensions[2].indicators[0].trend == "unknown"


def test_co_evaluation_averages_per_contract() -> None:
    (contract,) = synthesis(snapshot_to_graph(_map().snapshot())).contracts
    # ex-ante (2 + 1) / 2 = 1.5 from two parties; ex-post 4 from one
    assert (contract.ex_ante, contract.ex_ante_count) == (1.5, 2)
    assert (contract.ex_post, contract.ex_post_count) == (4.0, 1)
    assert contract.change == 2.5
    assert contract.to_json()["change"] == 2.5


def test_profile_counts_dimensions_gaps_and_contract_forms() -> None:
    T = snapshot_to_graph(_map().snapshot())
    gap = Gap("shared_topic", (Ref("town", "town"),), (Ref("housing", "Housing"),), 1.0, "")
    profile = territory_profile(T, (gap, gap))
    assert profile.topics_by_dimension == {"A": 1, "D": 1}
    assert profile.commitments_by_dimension == {"A": 1}  # com addresses cold, which is A
    assert profile.gaps_by_dimension == {"A": 2} and profile.gaps == 2
    (form,) = profile.contracts
    assert (form.parties, form.sectors, form.commitments) == (
        2,
        ("citizen_group", "public_authority"),
        1,
    )
