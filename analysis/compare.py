"""A territory's profile for comparison with others that chose to share: the dimensions its
topics and commitments cover, its gap pattern (gaps by dimension), and its contract forms
(parties, sectors, duration, status). Counts and contract shapes only: no actor is named.

References
----------
.. [1] Bodin, Ö. et al. (2014). Theorizing benefits and constraints in collaborative
   environmental governance: the open motifs behind the gap counts compared here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pactmap.graph.model import Contract, NodeKind, RelType, Territory, Topic

from .projections import contract_parties
from .records import Gap, Ref
from .synthesis import indicator_dimensions
from .typed import kind_of, nodes_of, obj, sources, targets


@dataclass(frozen=True)
class ContractForm:
    contract: Ref
    status: str
    parties: int
    sectors: tuple[str, ...]
    duration_months: int | None
    commitments: int

    def to_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract.to_json(),
            "status": self.status,
            "parties": self.parties,
            "sectors": list(self.sectors),
            "durationMonths": self.duration_months,
            "commitments": self.commitments,
        }


@dataclass(frozen=True)
class TerritoryProfile:
    territory: Ref
    cycle: int
    topics_by_dimension: dict[str, int]
    commitments_by_dimension: dict[str, int]
    gaps_by_dimension: dict[str, int]
    gaps: int
    contracts: tuple[ContractForm, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": self.territory.to_json(),
            "cycle": self.cycle,
            "topicsByDimension": dict(self.topics_by_dimension),
            "commitmentsByDimension": dict(self.commitments_by_dimension),
            "gapsByDimension": dict(self.gaps_by_dimension),
            "gaps": self.gaps,
            "contracts": [c.to_json() for c in self.contracts],
        }


def _dimensions_of(T: nx.MultiDiGraph[str], node: str) -> set[str]:
    """A topic's dimension, or an indicator's (through what it measures and who informs it)."""
    item = obj(T, node)
    if isinstance(item, Topic):
        return {item.dimension.value}
    if kind_of(T, node) is NodeKind.INDICATOR:
        return indicator_dimensions(T, node)
    return set()


def _counted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items()))


def territory_profile(T: nx.MultiDiGraph[str], gaps: tuple[Gap, ...]) -> TerritoryProfile:
    """The profile of one territory; ``gaps`` are its analysis's gaps (``Report.gaps``).

    A commitment counts once under each dimension it addresses (a topic's, or an indicator's);
    a gap once under each dimension of the topics it is about.
    """
    topics = Counter(
        t.dimension.value
        for t in (obj(T, n) for n in nodes_of(T, NodeKind.TOPIC))
        if isinstance(t, Topic)
    )
    commitments: Counter[str] = Counter()
    for c in nodes_of(T, NodeKind.COMMITMENT):
        dims: set[str] = set()
        for end in targets(T, c, RelType.ADDRESSES.value):
            dims |= _dimensions_of(T, end)
        commitments.update(dims)
    gap_dims: Counter[str] = Counter()
    for gap in gaps:
        gap_dims.update({d for t in gap.topics if t.id in T for d in _dimensions_of(T, t.id)})
    parties = contract_parties(T)
    forms = []
    for c in nodes_of(T, NodeKind.CONTRACT):
        node = obj(T, c)
        assert isinstance(node, Contract)
        members = parties.get(c, set())
        sectors = {str(getattr(obj(T, a), "sector", "other")) for a in members}
        forms.append(
            ContractForm(
                contract=Ref(c, node.title),
                status=node.status.value,
                parties=len(members),
                sectors=tuple(sorted(sectors)),
                duration_months=node.duration_months,
                commitments=len(sources(T, c, RelType.PART_OF.value)),
            )
        )
    territory = T.graph["territory"]
    assert isinstance(territory, Territory)
    return TerritoryProfile(
        territory=Ref(territory.id, territory.name),
        cycle=territory.spiral_cycle,
        topics_by_dimension=_counted(topics),
        commitments_by_dimension=_counted(commitments),
        gaps_by_dimension=_counted(gap_dims),
        gaps=len(gaps),
        contracts=tuple(sorted(forms, key=lambda f: (f.contract.name, f.contract.id))),
    )
