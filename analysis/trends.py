"""Trends and impact: each indicator's trajectory, and how it moved around each intervention.

An indicator's trend is the least-squares slope of its levels (or values, when levels are
missing) per year, signed so that positive means better; below ``STABLE`` per year in
absolute value it is stable. Around a contract (from its signature) or an action (from its
start) that targets the indicator (directly, or a topic the indicator measures), ``before``
is the last reading on or before that date and ``after`` the latest reading after it.

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide: co-evaluation ex-ante and
   ex-post on the 5-level scale.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
from pactmap.graph.model import (
    Action,
    Contract,
    Direction,
    Indicator,
    Measurement,
    NodeKind,
    RelType,
)

from .records import Change, Point, Ref, Trend
from .typed import nodes_of, obj, sources, targets

STABLE = 0.1
"""Slopes smaller than this (levels per year) count as stable."""


def slope_per_year(points: list[tuple[date, float]]) -> float | None:
    """Least-squares slope of ``(date, value)`` points, per year; None under two dates.

    Examples
    --------
    >>> from datetime import date
    >>> round(slope_per_year([(date(2020, 1, 1), 4.0), (date(2021, 1, 1), 3.0)]), 2)
    -1.0
    """
    if len({d for d, _ in points}) < 2:
        return None
    xs = [(d.toordinal()) / 365.25 for d, _ in points]
    ys = [v for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx


def _series(measurements: list[Measurement]) -> tuple[list[tuple[date, float]], bool]:
    """The levels if every reading has one, else the values; and whether levels were used."""
    if measurements and all(m.level is not None for m in measurements):
        return [(m.on, float(m.level or 0)) for m in measurements], True
    return [(m.on, m.value) for m in measurements], False


def _sign(indicator: Indicator, uses_levels: bool) -> float:
    # Levels are always "higher is better" (1 very unsatisfactory ... 5 ideal).
    if uses_levels:
        return 1.0
    return -1.0 if indicator.direction is Direction.LOWER_IS_BETTER else 1.0


def _interventions(T: nx.MultiDiGraph[str], indicator: str) -> list[tuple[str, date | None]]:
    """Contracts and actions targeting the indicator or a topic it measures."""
    topics = targets(T, indicator, RelType.MEASURES.value)
    found: dict[str, date | None] = {}
    for target in [indicator, *sorted(topics)]:
        for source in sources(T, target, RelType.TARGETS.value):
            node = obj(T, source)
            if isinstance(node, Contract):
                found[source] = node.signed_on
            elif isinstance(node, Action):
                found[source] = node.starts_on
    return sorted(found.items())


def indicator_trend(T: nx.MultiDiGraph[str], indicator: str) -> Trend:
    """The trajectory of one indicator and its change around each intervention on it."""
    ind = obj(T, indicator)
    assert isinstance(ind, Indicator)
    readings = sorted(
        (obj(T, v) for v in targets(T, indicator, RelType.HAS.value)),
        key=lambda m: (getattr(m, "on", date.min), m.id),
    )
    measurements = [m for m in readings if isinstance(m, Measurement)]
    series, uses_levels = _series(measurements)
    sign = _sign(ind, uses_levels)
    raw = slope_per_year(series)
    slope = None if raw is None else raw * sign
    if slope is None:
        trend = "unknown"
    elif abs(slope) < STABLE * (1.0 if uses_levels else max(1e-9, _spread(series))):
        trend = "stable"
    else:
        trend = "improving" if slope > 0 else "worsening"
    changes = []
    for source, start in _interventions(T, indicator):
        node = obj(T, source)
        kind = "contract" if isinstance(node, Contract) else "action"
        before = after = delta = None
        if start is not None:
            prior = [v for d, v in series if d <= start]
            later = [v for d, v in series if d > start]
            before = prior[-1] if prior else None
            after = later[-1] if later else None
            if before is not None and after is not None:
                delta = (after - before) * sign
        changes.append(
            Change(
                by=Ref(source, node.label),
                kind=kind,
                on="" if start is None else start.isoformat(),
                before=before,
                after=after,
                change=delta,
            )
        )
    latest = next((m.level for m in reversed(measurements) if m.level is not None), None)
    return Trend(
        indicator=Ref(indicator, ind.name),
        direction=str(ind.direction),
        measurements=tuple(Point(m.on.isoformat(), m.value, m.level) for m in measurements),
        latest_level=latest,
        slope_per_year=slope,
        trend=trend,
        changes=tuple(changes),
    )


def _spread(series: list[tuple[date, float]]) -> float:
    values = [v for _, v in series]
    return (max(values) - min(values)) or abs(values[-1]) or 1.0


def trends(T: nx.MultiDiGraph[str]) -> list[Trend]:
    """Every indicator's :func:`indicator_trend`, in indicator id order."""
    return [indicator_trend(T, i) for i in nodes_of(T, NodeKind.INDICATOR)]
