"""Trends: least-squares slope per year, and before/after each contract or action."""

from __future__ import annotations

from datetime import date

import pytest
from pactmap.analysis import analyze
from pactmap.analysis.trends import slope_per_year

from .builders import MapBuilder


def test_slope_per_year_worked_example() -> None:
    # one level up every 365.25 days exactly: slope 1
    days = [date.fromordinal(738000 + round(365.25 * i)) for i in range(3)]
    assert slope_per_year([(d, float(i)) for i, d in enumerate(days)]) == pytest.approx(
        1.0, abs=2e-3
    )
    assert slope_per_year([(date(2024, 1, 1), 3.0)]) is None


def trend_map() -> MapBuilder:
    b = MapBuilder()
    b.actor("hall", "public_authority")
    b.topic("heat", "Energy poverty")
    levels = [
        (date(2021, 1, 1), 3),
        (date(2022, 1, 1), 2),
        (date(2023, 1, 1), 2),
        (date(2024, 1, 1), 3),
        (date(2025, 1, 1), 4),
    ]
    b.indicator("ind", ["heat"], levels, name="Warm homes")
    b.contract("con", {"hall": "initiator"}, ["ind"], status="active", signed_on=date(2023, 3, 1))
    from pactmap.graph.model import NodeKind

    b.node(NodeKind.ACTION, "act", title="Insulation pilot", starts_on=date(2021, 6, 1))
    b.link("TARGETS", "act", "heat")  # on the topic the indicator measures
    return b


def test_before_and_after_each_intervention() -> None:
    (trend,) = analyze(trend_map().snapshot()).trends
    assert [p.level for p in trend.measurements] == [3, 2, 2, 3, 4]
    assert trend.latest_level == 4
    assert trend.trend == "improving"
    changes = {c.by.id: c for c in trend.changes}
    # contract signed 2023-03-01: last reading before is 2 (2023-01-01), latest after is 4
    assert (changes["con"].before, changes["con"].after, changes["con"].change) == (2, 4, 2)
    assert changes["con"].kind == "contract"
    # action from 2021-06-01: before 3 (2021-01-01), after 4
    assert changes["act"].change == 1
    assert changes["act"].kind == "action"


def test_values_lower_is_better_are_signed_as_improvement() -> None:
    b = MapBuilder()
    b.topic("t")
    from pactmap.graph.model import NodeKind

    b.node(NodeKind.INDICATOR, "ind", name="Unemployment", direction="lower_is_better")
    for i, (year, value) in enumerate([(2021, 12.0), (2022, 10.0), (2023, 8.0)]):
        b.node(NodeKind.MEASUREMENT, f"m{i}", on=date(year, 1, 1), value=value)
        b.link("HAS", "ind", f"m{i}")
    (trend,) = analyze(b.snapshot()).trends
    assert trend.latest_level is None
    assert trend.slope_per_year is not None and trend.slope_per_year > 0
    assert trend.trend == "improving"
