"""Small and degenerate maps: the analysis answers, with empty sections, never an error."""

from __future__ import annotations

from datetime import date

from pactmap.analysis import analyze
from pactmap.analysis.report import render

from .builders import MapBuilder


def test_actors_without_ties_or_topics() -> None:
    b = MapBuilder()
    b.actor("a", "association")
    b.actor("b", "citizen_group")
    report = analyze(b.snapshot())
    assert report.silos == ()
    assert [r.id for r in report.isolates] == ["a", "b"]
    assert report.brokers == ()
    assert report.gaps == ()
    assert report.suggestions == ()
    for fmt in ("text", "markdown", "json"):
        assert render(report, fmt)


def test_one_tie_two_actors() -> None:
    b = MapBuilder()
    b.actor("a", "association")
    b.actor("b", "public_authority")
    b.tie("a", "b")
    report = analyze(b.snapshot())
    assert len(report.silos) == 1
    assert [x.betweenness for x in report.brokers] == [0.0, 0.0]


def test_no_citizen_group_means_no_suggestion() -> None:
    # the method makes the citizens concerned partner-authors: without them, no contract
    b = MapBuilder()
    b.topic("t")
    for a, sector in [
        ("hall", "public_authority"),
        ("assoc", "association"),
        ("firm", "private_company"),
        ("coop", "social_economy"),
    ]:
        b.actor(a, sector)
        b.works_on(a, "t")
    b.indicator("i", ["t"], [(date(2023, 1, 1), 2), (date(2024, 1, 1), 1)])
    report = analyze(b.snapshot())
    assert report.gaps
    assert report.suggestions == ()


def test_indicator_without_measurements() -> None:
    b = MapBuilder()
    b.topic("t")
    b.indicator("i", ["t"], [])
    (trend,) = analyze(b.snapshot()).trends
    assert (trend.trend, trend.latest_level, trend.slope_per_year) == ("unknown", None, None)
