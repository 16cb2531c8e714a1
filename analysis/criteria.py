"""Citizens' criteria: which dimensions each homogeneous group stressed, which no group raised,
and the minority criteria that must stay visible.

A criterion's dimension is its own ``dimension``, else the letter of its component ``code``,
else the dimension of the first topic it is ABOUT; its component is its ``code``, else the
first topic's component. Criteria reach a group through ``(Actor)-[:EXPRESSED]->(Criterion)``.

References
----------
.. [1] Council of Europe (2010). Building the progress of societies with citizens and
   communities (SPIRAL guide), part II: homogeneous groups, the three questions, and the
   classification of criteria into families and components, where minority criteria are
   kept beside frequent ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pactmap.graph.model import Criterion, Dimension, NodeKind, RelType, Topic

from .records import Ref
from .typed import nodes_of, obj, sources, targets

STRESSED_SHARE = 0.2
"""A group stressed a dimension when at least this share of its classified criteria is in it."""

DIMENSIONS = tuple(d.value for d in Dimension)


@dataclass(frozen=True)
class DimensionCount:
    dimension: str
    count: int
    share: float

    def to_json(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "count": self.count, "share": round(self.share, 6)}


@dataclass(frozen=True)
class GroupCriteria:
    """One group's criteria: ``dimensions`` by count (then letter), ``stressed`` the letters
    holding at least :data:`STRESSED_SHARE` of its classified criteria."""

    group: Ref
    total: int
    classified: int
    questions: dict[str, int]
    dimensions: tuple[DimensionCount, ...]
    stressed: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group.to_json(),
            "total": self.total,
            "classified": self.classified,
            "questions": dict(self.questions),
            "dimensions": [d.to_json() for d in self.dimensions],
            "stressed": list(self.stressed),
        }


@dataclass(frozen=True)
class Minority:
    """A dimension (``kind`` "dimension") or component ("component") only one group raised,
    with that group's criteria on it (``criteria`` name each by its text)."""

    kind: str
    code: str
    group: Ref
    criteria: tuple[Ref, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "group": self.group.to_json(),
            "criteria": [c.to_json() for c in self.criteria],
        }


@dataclass(frozen=True)
class CriteriaSynthesis:
    groups: tuple[GroupCriteria, ...]
    unraised: tuple[str, ...]
    minorities: tuple[Minority, ...]
    unclassified: tuple[Ref, ...]
    ungrouped: tuple[Ref, ...]
    total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "groups": [g.to_json() for g in self.groups],
            "unraised": list(self.unraised),
            "minorities": [m.to_json() for m in self.minorities],
            "unclassified": [c.to_json() for c in self.unclassified],
            "ungrouped": [c.to_json() for c in self.ungrouped],
        }


def _topics(T: nx.MultiDiGraph[str], criterion: str) -> list[Topic]:
    found = [obj(T, t) for t in sorted(targets(T, criterion, RelType.ABOUT.value))]
    return [t for t in found if isinstance(t, Topic)]


def classification(T: nx.MultiDiGraph[str], criterion: str) -> tuple[str | None, str | None]:
    """The ``(dimension, component)`` of a criterion, either possibly None (see module)."""
    node = obj(T, criterion)
    assert isinstance(node, Criterion)
    topics = _topics(T, criterion)
    component = node.code or next((t.component for t in topics if t.component), None)
    if node.dimension is not None:
        return node.dimension.value, component
    if component:
        return component[0], component
    return (topics[0].dimension.value if topics else None), component


def _group_line(group: Ref, criteria: list[Criterion], dims: list[str | None]) -> GroupCriteria:
    counts = Counter(d for d in dims if d is not None)
    classified = sum(counts.values())
    lines = tuple(
        DimensionCount(d, n, n / classified)
        for d, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return GroupCriteria(
        group=group,
        total=len(criteria),
        classified=classified,
        questions=dict(sorted(Counter(c.question.value for c in criteria).items())),
        dimensions=lines,
        stressed=tuple(sorted(d.dimension for d in lines if d.share >= STRESSED_SHARE)),
    )


def criteria_synthesis(T: nx.MultiDiGraph[str]) -> CriteriaSynthesis:
    """What the territory's citizen groups said, dimension by dimension.

    Parameters
    ----------
    T : the typed graph (:func:`pactmap.analysis.convert.snapshot_to_graph`).

    Returns
    -------
    CriteriaSynthesis
        ``groups`` (by name, then id), ``unraised`` (dimensions A-I no group raised),
        ``minorities`` (dimensions, then components, raised by exactly one group, with its
        criteria), ``unclassified`` and ``ungrouped`` criteria.

    Examples
    --------
    >>> from pactmap.analysis.convert import snapshot_to_graph
    >>> from pactmap.graph.model import NodeKind, new_node
    >>> from pactmap.graph.store import Snapshot
    >>> ter = new_node(NodeKind.TERRITORY, {"name": "T"}, node_id="t", territory_id=None)
    >>> criteria_synthesis(snapshot_to_graph(Snapshot(ter, [], []))).unraised[:3]
    ('A', 'B', 'C')
    """
    by_group: dict[str, list[str]] = defaultdict(list)
    ungrouped: list[Ref] = []
    unclassified: list[Ref] = []
    cls: dict[str, tuple[str | None, str | None]] = {}
    all_criteria = nodes_of(T, NodeKind.CRITERION)
    for criterion in all_criteria:
        cls[criterion] = classification(T, criterion)
        if cls[criterion][0] is None:
            unclassified.append(Ref(criterion, obj(T, criterion).label))
        groups = sorted(sources(T, criterion, RelType.EXPRESSED.value))
        if not groups:
            ungrouped.append(Ref(criterion, obj(T, criterion).label))
        for group in groups:
            by_group[group].append(criterion)

    lines = []
    raisers: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for group, criteria in by_group.items():
        node = obj(T, group)
        ref = Ref(group, node.label, str(getattr(node, "sector", "other")))
        models = [obj(T, c) for c in criteria]
        lines.append(
            _group_line(
                ref,
                [c for c in models if isinstance(c, Criterion)],
                [cls[c][0] for c in criteria],
            )
        )
        for c in criteria:
            dim, comp = cls[c]
            if dim is not None:
                raisers[("dimension", dim)][group].append(c)
            if comp:
                raisers[("component", comp)][group].append(c)

    raised = {code for (kind, code) in raisers if kind == "dimension"}
    group_refs = {line.group.id: line.group for line in lines}
    minorities = [
        Minority(kind, code, group_refs[group], tuple(Ref(c, obj(T, c).label) for c in crits))
        for (kind, code), by in sorted(
            raisers.items(), key=lambda i: (i[0][0] != "dimension", i[0])
        )
        if len(by) == 1
        for group, crits in by.items()
    ]
    return CriteriaSynthesis(
        groups=tuple(sorted(lines, key=lambda g: (g.group.name, g.group.id))),
        unraised=tuple(d for d in DIMENSIONS if d not in raised),
        minorities=tuple(minorities),
        unclassified=tuple(unclassified),
        ungrouped=tuple(ungrouped),
        total=len(all_criteria),
    )
