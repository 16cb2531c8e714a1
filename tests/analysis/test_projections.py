"""Projections of the typed graph: weights and evidence worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from pactmap.analysis.convert import build_views

from .builders import MapBuilder


def small_map() -> MapBuilder:
    b = MapBuilder()
    for a, sector in [
        ("hall", "public_authority"),
        ("assoc", "association"),
        ("firm", "private_company"),
        ("tenants", "citizen_group"),
    ]:
        b.actor(a, sector)
    b.topic("housing")
    b.topic("energy")
    b.topic("jobs")
    b.works_on("hall", "housing", intensity=3)
    b.works_on("assoc", "housing", intensity=5)
    b.tie("hall", "assoc", strength=3)
    b.link("FUNDS", "hall", "firm")
    # a three-party commitment: each pair gets 1/(3-1) = 0.5
    b.commitment("com-1", ["hall", "firm", "tenants"], ["energy"], status="active")
    # a two-party contract, with a third party through a commitment inside it
    b.contract("con-1", {"assoc": "signatory", "firm": "signatory"}, ["jobs"], status="signed")
    b.commitment("com-2", ["tenants"], ["jobs"])
    b.link("PART_OF", "com-2", "con-1")
    b.indicator("ind-1", ["housing", "energy"], [(date(2024, 1, 1), 2)])
    b.concern("fut-1", ["energy", "jobs"])
    return b


def test_collaboration_weights_and_evidence() -> None:
    C = build_views(small_map().snapshot()).collaboration
    # explicit tie of strength 3: 3/3 = 1.0
    assert C["hall"]["assoc"]["weight"] == pytest.approx(1.0)
    assert C["hall"]["assoc"]["ties"] == 1
    # FUNDS (0.5) + the three-party commitment (0.5)
    assert C["hall"]["firm"]["weight"] == pytest.approx(1.0)
    assert sorted(C["hall"]["firm"]["evidence"]) == ["commitment:com-1", "tie:funds"]
    # the contract's parties are assoc, firm (signed) and tenants (made a commitment in it):
    # three parties, so each pair gets 0.5; firm-tenants also share com-1 (0.5)
    assert C["assoc"]["tenants"]["weight"] == pytest.approx(0.5)
    assert C["firm"]["tenants"]["weight"] == pytest.approx(1.0)
    assert C["firm"]["tenants"]["contracts"] == 1
    assert C.nodes["tenants"]["sector"] == "citizen_group"


def test_actor_topic_weights_count_intensity_and_commitments() -> None:
    B = build_views(small_map().snapshot()).actor_topic
    assert B["assoc"]["housing"]["weight"] == pytest.approx(5 / 3)
    # no WORKS_ON, one commitment addressing the topic
    assert B["firm"]["energy"]["weight"] == pytest.approx(1.0)
    assert B["firm"]["energy"]["intensity"] == 0
    assert {n for n, d in B.nodes(data="bipartite") if d == 1} == {"housing", "energy", "jobs"}


def test_actor_indicator_weights() -> None:
    B = build_views(small_map().snapshot()).actor_indicator
    # half the WORKS_ON weight on each measured topic: 0.5 * 5/3
    assert B["assoc"]["ind-1"]["weight"] == pytest.approx(0.5 * 5 / 3)
    assert not B.has_edge("tenants", "ind-1")


def test_topics_linked_by_shared_indicator_or_concern() -> None:
    G = build_views(small_map().snapshot()).topics
    assert G["housing"]["energy"]["evidence"] == ["ind-1"]
    assert G["energy"]["jobs"]["evidence"] == ["fut-1"]
    assert not G.has_edge("housing", "jobs")


def test_actor_contract_bipartite_keeps_the_contract() -> None:
    B = build_views(small_map().snapshot()).actor_contract
    assert set(B["con-1"]) == {"assoc", "firm", "tenants"}


def test_a_commitment_on_an_indicator_counts_half_on_each_topic_it_measures() -> None:
    b = small_map()
    b.commitment("com-3", ["tenants"], ["ind-1"], status="active")
    B = build_views(b.snapshot()).actor_topic
    # ind-1 measures housing and energy; tenants already address energy through com-1 (1.0)
    assert B["tenants"]["housing"]["weight"] == pytest.approx(0.5)
    assert B["tenants"]["energy"]["weight"] == pytest.approx(1.5)
