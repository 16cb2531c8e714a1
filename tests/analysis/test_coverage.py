"""Coverage and the future-generations lens on a hand-built map."""

from __future__ import annotations

from datetime import date

from pactmap.analysis import analyze

from .builders import MapBuilder


def coverage_map(*, commitment_status: str = "active") -> MapBuilder:
    b = MapBuilder()
    b.actor("hall", "public_authority")
    b.actor("parents", "citizen_group", "Single parents")
    b.actor("creche", "social_economy")
    b.topic("childcare", "Childcare")
    b.topic("air", "Air quality")
    b.works_on("hall", "childcare")
    b.works_on("creche", "childcare")
    b.criterion("cri", "parents", "childcare")
    years = [date(2022, 1, 1), date(2023, 1, 1), date(2024, 1, 1)]
    b.indicator(
        "ind-care",
        ["childcare"],
        list(zip(years, [3, 3, 2], strict=True)),
        name="Parents who turned down work",
    )
    b.indicator("ind-air", ["air"], list(zip(years, [4, 3, 3], strict=True)), name="Clean air")
    b.concern("fut-air", ["air"], "Air our grandchildren breathe")
    b.concern("fut-care", ["childcare"], "Children born in 2040")
    b.contract("con", {"hall": "initiator", "creche": "signatory"}, ["childcare"], status="active")
    b.commitment(
        "com", ["creche"], ["childcare", "fut-care"], status=commitment_status, horizon="short"
    )
    b.link("PART_OF", "com", "con")
    return b


def test_low_or_falling_indicators_with_nobody_on_them() -> None:
    cov = analyze(coverage_map().snapshot()).coverage
    # childcare is covered (active contract and commitment); clean air fell 4 -> 3 and
    # nothing addresses it
    assert [n.indicator.id for n in cov.uncovered_indicators] == ["ind-air"]
    assert cov.uncovered_indicators[0].trend == "worsening"
    assert "worsening" in cov.uncovered_indicators[0].reason


def test_uncovered_topics_and_orphan_concerns() -> None:
    cov = analyze(coverage_map().snapshot()).coverage
    assert [t.id for t in cov.uncovered_topics] == ["air"]
    assert [c.id for c in cov.orphan_concerns] == ["fut-air"]


def test_withdrawn_commitments_cover_nothing() -> None:
    cov = analyze(coverage_map(commitment_status="withdrawn").snapshot()).coverage
    # the active contract still targets childcare, but the concern lost its only commitment
    assert [c.id for c in cov.orphan_concerns] == ["fut-air", "fut-care"]


def test_citizen_group_absent_from_the_contract_on_its_topic() -> None:
    cov = analyze(coverage_map().snapshot()).coverage
    (gap,) = cov.unrepresented_groups
    assert gap.group.id == "parents"
    assert [t.id for t in gap.topics] == ["childcare"]
    assert [c.id for c in gap.contracts] == ["con"]


def test_future_lens_from_a_concern_or_a_long_horizon() -> None:
    b = coverage_map()
    b.commitment("com-short", ["hall"], ["childcare"], status="active", horizon="short")
    b.commitment("com-long", ["hall"], ["air"], status="active", horizon="long")
    b.commitment(
        "com-oil", ["hall"], ["air"], status="active", horizon="long", uses_non_renewable=True
    )
    cov = analyze(b.snapshot()).coverage
    # com addresses a future concern; com-long has a long horizon; com-oil rests on
    # non-renewable resources; com-short has neither
    assert [c.id for c in cov.commitments_without_future_lens] == ["com-oil", "com-short"]
    # the contract holds com, which addresses a concern
    assert cov.contracts_without_future_lens == ()
