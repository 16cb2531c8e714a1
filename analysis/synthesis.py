"""The territory's synthesis for the next SPIRAL cycle: per dimension, the indicators with their
latest level and trend, the commitments and contracts behind them, and each contract's
co-evaluation (ex-ante and ex-post averages on the 1-5 scale).

An indicator's dimensions are those of the topics it MEASURES and of the criteria that INFORM
it (an indicator with neither is listed under ``None``). Behind an indicator stand the
commitments that ADDRESS it or a topic it measures, the contracts that TARGET it or such a
topic or hold one of those commitments, and likewise the actions (pilot actions, plan items).

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide, phases 3 and 7: ex-ante and
   ex-post co-evaluation by the parties on the 5-level scale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pactmap.graph.model import (
    Contract,
    Evaluation,
    EvaluationPhase,
    NodeKind,
    RelType,
    Territory,
    Topic,
)

from .criteria import classification
from .records import Ref
from .trends import indicator_trend
from .typed import kind_of, nodes_of, obj, sources, targets


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Ref
    latest_level: int | None
    latest_value: float | None
    latest_on: str | None
    target_level: int | None
    trend: str
    commitments: tuple[Ref, ...]
    contracts: tuple[Ref, ...]
    actions: tuple[Ref, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.to_json(),
            "latestLevel": self.latest_level,
            "latestValue": self.latest_value,
            "latestOn": self.latest_on,
            "targetLevel": self.target_level,
            "trend": self.trend,
            "commitments": [c.to_json() for c in self.commitments],
            "contracts": [c.to_json() for c in self.contracts],
            "actions": [a.to_json() for a in self.actions],
        }


@dataclass(frozen=True)
class DimensionLine:
    dimension: str | None
    indicators: tuple[IndicatorLine, ...]

    def to_json(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "indicators": [i.to_json() for i in self.indicators]}


@dataclass(frozen=True)
class CoEvaluation:
    """A contract's co-evaluations: the mean level per phase and how many parties gave one;
    ``change`` is ex-post minus ex-ante when both exist."""

    contract: Ref
    status: str
    ex_ante: float | None
    ex_ante_count: int
    ex_post: float | None
    ex_post_count: int

    @property
    def change(self) -> float | None:
        if self.ex_ante is None or self.ex_post is None:
            return None
        return self.ex_post - self.ex_ante

    def to_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract.to_json(),
            "status": self.status,
            "exAnte": self.ex_ante,
            "exAnteCount": self.ex_ante_count,
            "exPost": self.ex_post,
            "exPostCount": self.ex_post_count,
            "change": self.change,
        }


@dataclass(frozen=True)
class Synthesis:
    territory: Ref
    cycle: int
    dimensions: tuple[DimensionLine, ...]
    contracts: tuple[CoEvaluation, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": self.territory.to_json(),
            "cycle": self.cycle,
            "dimensions": [d.to_json() for d in self.dimensions],
            "contracts": [c.to_json() for c in self.contracts],
        }


def _refs(T: nx.MultiDiGraph[str], ids: set[str]) -> tuple[Ref, ...]:
    return tuple(sorted((Ref(i, obj(T, i).label) for i in ids), key=lambda r: (r.name, r.id)))


def indicator_dimensions(T: nx.MultiDiGraph[str], indicator: str) -> set[str]:
    """The dimensions of the topics an indicator measures and of the criteria informing it."""
    found: set[str] = set()
    for topic in targets(T, indicator, RelType.MEASURES.value):
        node = obj(T, topic)
        if isinstance(node, Topic):
            found.add(node.dimension.value)
    for criterion in sources(T, indicator, RelType.INFORMS.value):
        dimension, _ = classification(T, criterion)
        if dimension is not None:
            found.add(dimension)
    return found


def _behind(T: nx.MultiDiGraph[str], indicator: str) -> tuple[set[str], set[str], set[str]]:
    ends = [indicator, *targets(T, indicator, RelType.MEASURES.value)]
    commitments = {
        c
        for end in ends
        for c in sources(T, end, RelType.ADDRESSES.value)
        if kind_of(T, c) is NodeKind.COMMITMENT
    }
    contracts = {
        c
        for end in ends
        for c in sources(T, end, RelType.TARGETS.value)
        if kind_of(T, c) is NodeKind.CONTRACT
    }
    actions = {
        a
        for end in ends
        for a in sources(T, end, RelType.TARGETS.value)
        if kind_of(T, a) is NodeKind.ACTION
    }
    for commitment in commitments:
        for part in targets(T, commitment, RelType.PART_OF.value):
            (contracts if kind_of(T, part) is NodeKind.CONTRACT else actions).add(part)
    return commitments, contracts, actions


def co_evaluation(T: nx.MultiDiGraph[str], contract: str) -> CoEvaluation:
    """The mean ex-ante and ex-post levels the parties gave a contract."""
    levels: dict[EvaluationPhase, list[int]] = defaultdict(list)
    for source in sources(T, contract, RelType.OF.value):
        node = obj(T, source)
        if isinstance(node, Evaluation):
            levels[node.phase].append(node.level)
    node = obj(T, contract)
    assert isinstance(node, Contract)

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 6) if values else None

    ante, post = levels[EvaluationPhase.EX_ANTE], levels[EvaluationPhase.EX_POST]
    return CoEvaluation(
        Ref(contract, node.title), node.status.value, mean(ante), len(ante), mean(post), len(post)
    )


def synthesis(T: nx.MultiDiGraph[str]) -> Synthesis:
    """The synthesis of a territory (see the module docstring).

    Dimensions come in letter order with ``None`` (indicators of no dimension) last;
    indicators by name; contracts by title.
    """
    by_dimension: dict[str | None, list[IndicatorLine]] = defaultdict(list)
    for indicator in nodes_of(T, NodeKind.INDICATOR):
        trend = indicator_trend(T, indicator)
        latest = trend.measurements[-1] if trend.measurements else None
        commitments, contracts, actions = _behind(T, indicator)
        line = IndicatorLine(
            indicator=trend.indicator,
            latest_level=trend.latest_level,
            latest_value=None if latest is None else latest.value,
            latest_on=None if latest is None else latest.on,
            target_level=getattr(obj(T, indicator), "target_level", None),
            trend=trend.trend,
            commitments=_refs(T, commitments),
            contracts=_refs(T, contracts),
            actions=_refs(T, actions),
        )
        dimensions: list[str | None] = [*sorted(indicator_dimensions(T, indicator))]
        for dimension in dimensions or [None]:
            by_dimension[dimension].append(line)
    territory = T.graph["territory"]
    assert isinstance(territory, Territory)
    evaluations = sorted(
        (co_evaluation(T, c) for c in nodes_of(T, NodeKind.CONTRACT)),
        key=lambda e: (e.contract.name, e.contract.id),
    )
    return Synthesis(
        territory=Ref(territory.id, territory.name),
        cycle=territory.spiral_cycle,
        dimensions=tuple(
            DimensionLine(d, tuple(sorted(lines, key=lambda i: (i.indicator.name, i.indicator.id))))
            for d, lines in sorted(
                by_dimension.items(), key=lambda item: (item[0] is None, item[0] or "")
            )
        ),
        contracts=tuple(evaluations),
    )
