"""Contract suggestions: constraints, named terms, stable ids, explanations, determinism."""

from __future__ import annotations

from datetime import date

import pytest
from pactmap.analysis import Limits, analyze
from pactmap.analysis.suggestions import CITIZEN, PUBLIC, suggestion_id

from .builders import MapBuilder

TERMS = [
    "coverage",
    "sector_diversity",
    "bridging",
    "existing_trust",
    "citizen_voice",
    "future_generations",
]


def town() -> MapBuilder:
    b = MapBuilder()
    actors = [
        ("hall", "public_authority", "Town hall"),
        ("social", "public_service", "Social services"),
        ("landlord", "social_economy", "Social landlord"),
        ("advice", "association", "Energy advice"),
        ("tenants", "citizen_group", "Tenants' group"),
        ("bank", "private_company", "Local bank"),
        ("school", "public_service", "School"),
        ("youth", "citizen_group", "Young people"),
        ("club", "association", "Sports club"),
    ]
    for a, sector, name in actors:
        b.actor(a, sector, name)
    b.topic("energy", "Energy poverty")
    b.topic("housing", "Housing")
    b.topic("jobs", "Employment")
    for a in ("landlord", "advice", "tenants", "social"):
        b.works_on(a, "energy", 4)
    for a in ("hall", "landlord", "bank"):
        b.works_on(a, "housing")
    for a in ("school", "youth", "club", "bank"):
        b.works_on(a, "jobs")
    b.tie("hall", "social")
    b.tie("school", "club")
    years = [date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1)]
    b.indicator(
        "cold",
        ["energy", "housing"],
        list(zip(years, [3, 2, 1], strict=True)),
        name="Households that cannot heat their home",
    )
    b.indicator("neet", ["jobs"], list(zip(years, [3, 3, 3], strict=True)), name="NEET")
    b.criterion("cri", "tenants", "energy")
    b.concern("fut", ["energy"], "Warm homes without fossil fuel in 2050")
    return b


def test_every_suggestion_meets_the_constraints() -> None:
    report = analyze(town().snapshot(), seed=2)
    assert report.suggestions
    for s in report.suggestions:
        sectors = [a.sector for a in s.actors]
        assert 3 <= len(s.actors) <= 6
        assert len(set(sectors)) >= 3
        assert any(x in PUBLIC for x in sectors)
        assert CITIZEN in sectors
        assert [name for name, _ in s.terms] == TERMS
        assert s.score == pytest.approx(sum(v for _, v in s.terms))
        assert s.id == suggestion_id(s.topics[0].id, [a.id for a in s.actors])
    scores = [s.score for s in report.suggestions]
    assert scores == sorted(scores, reverse=True)


def test_the_neediest_objective_comes_first_with_its_citizens() -> None:
    first = analyze(town().snapshot(), seed=2).suggestions[0]
    assert first.topics[0].id == "energy"
    members = {a.id for a in first.actors}
    # the open group on energy poverty, the tenants who raised it as partner-authors
    assert {"landlord", "advice", "tenants"} <= members
    assert first.citizens == ("tenants",)
    assert dict(first.terms)["citizen_voice"] == 1.5  # the tenants raised this topic
    assert dict(first.terms)["future_generations"] >= 0.5  # a concern is attached
    text = first.explanation
    assert "Energy poverty" in text
    assert "Tenants' group would join as partner-author" in text
    assert "pairs have never worked together" in text
    assert "Households that cannot heat their home" in first.objective


def test_a_team_already_bound_by_one_contract_is_not_suggested_again() -> None:
    first = analyze(town().snapshot(), seed=2).suggestions[0]
    b = town()
    b.contract("con", {a.id: "signatory" for a in first.actors}, ["energy"], status="active")
    again = analyze(b.snapshot(), seed=2).suggestions
    assert all({a.id for a in s.actors} != {a.id for a in first.actors} for s in again)


def test_same_input_same_seed_same_report() -> None:
    snapshot = town().snapshot()
    first = analyze(snapshot, seed=5).to_json()
    assert analyze(snapshot, seed=5).to_json() == first


def test_limit_is_respected() -> None:
    assert len(analyze(town().snapshot(), limits=Limits(suggestions=1)).suggestions) == 1


def test_suggestion_ids_are_stable_and_order_free() -> None:
    assert suggestion_id("t", ["a", "b", "c"]) == suggestion_id("t", ["c", "a", "b"])
    assert suggestion_id("t", ["a", "b", "c"]) != suggestion_id("u", ["a", "b", "c"])
    assert suggestion_id("t", ["a", "b"]).startswith("sug-")
