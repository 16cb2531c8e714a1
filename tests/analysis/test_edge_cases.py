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


def test_scipy_is_installed_so_the_sparse_paths_run() -> None:
    # issue 12: the edgeless-graph crash hid behind a venv without scipy
    import scipy

    assert scipy.__version__


def test_only_works_on_links_no_ties() -> None:
    # a new map: actors on topics, nobody tied yet; every pair on a topic is a gap
    b = MapBuilder()
    b.topic("t")
    b.topic("u")
    for a in ("a", "b", "c"):
        b.actor(a, "association")
        b.works_on(a, "t")
    b.actor("d", "public_authority")
    b.works_on("d", "u")
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == 3  # a-b, a-c, b-c
    assert report.silos == () and report.brokers == ()
    assert len(report.isolates) == 4
    for fmt in ("text", "markdown", "json"):
        assert render(report, fmt)


def test_one_actor() -> None:
    b = MapBuilder()
    b.topic("t")
    b.actor("a", "association")
    b.works_on("a", "t")
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == 0
    assert report.gaps == () and report.suggestions == ()


def test_one_topic_everyone_tied() -> None:
    # a complete collaboration graph: no pair is open, whatever they share
    b = MapBuilder()
    b.topic("t")
    actors = ["a", "b", "c", "d"]
    for a in actors:
        b.actor(a, "association")
        b.works_on(a, "t")
    for i, x in enumerate(actors):
        for y in actors[i + 1 :]:
            b.tie(x, y)
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == 0
    assert report.stats["candidateGaps"] == 0
    assert report.gaps == ()
    assert len(report.silos) == 1
    assert report.stats["siloStability"] == 1.0


def test_no_actor_at_all() -> None:
    b = MapBuilder()
    b.topic("t")
    b.indicator("i", ["t"], [(date(2024, 1, 1), 1)])
    report = analyze(b.snapshot())
    assert report.stats["actors"] == 0
    assert report.stats["openPairs"] == 0
    assert report.gaps == () and report.brokers == () and report.silos == ()
