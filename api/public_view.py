"""What a published territory shows a resident without an account — and nothing more.

:func:`public_view` projects a territory's :class:`~pactmap.graph.store.Snapshot` onto a
whitelist: the contracts in force (signed, active, evaluated; never drafts, negotiations or
closed ones) with the organisations and citizen groups that signed them, their shared objective,
each party's commitments and progress, the actions implementing them, the co-evaluations (party,
phase, level, date: not the evaluators' comments), and the territory's indicators with their
measurements. Users, e-mails, comments, suggestions, decisions and the change log never enter
the snapshot this reads, and free-text fields not listed here are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pactmap.graph.model import (
    Action,
    Actor,
    Commitment,
    Contract,
    ContractStatus,
    Evaluation,
    Indicator,
    Measurement,
    NodeKind,
    RelType,
)
from pactmap.graph.store import Snapshot

LIVE = frozenset({ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.EVALUATED})
"""Contract statuses a resident sees: what was promised and is being done or evaluated."""


@dataclass(frozen=True)
class Party:
    name: str
    sector: str
    role: str


@dataclass(frozen=True)
class PublicCommitment:
    title: str
    description: str
    status: str
    progress: int
    by: tuple[str, ...]
    ends_on: date | None


@dataclass(frozen=True)
class PublicEvaluation:
    by: tuple[str, ...]
    phase: str
    level: int
    on: date


@dataclass(frozen=True)
class PublicAction:
    title: str
    status: str
    progress: int


@dataclass(frozen=True)
class PublicContract:
    id: str
    title: str
    objective: str
    status: str
    signed_on: date | None
    duration_months: int | None
    review_on: date | None
    parties: tuple[Party, ...]
    commitments: tuple[PublicCommitment, ...]
    actions: tuple[PublicAction, ...]
    evaluations: tuple[PublicEvaluation, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class PublicIndicator:
    id: str
    name: str
    unit: str
    direction: str
    target_level: int | None
    levels: dict[int, str]
    measurements: tuple[tuple[date, float, int | None], ...]

    @property
    def latest_level(self) -> int | None:
        levels = [level for _, _, level in self.measurements if level is not None]
        return levels[-1] if levels else None


@dataclass(frozen=True)
class PublicTerritory:
    id: str
    name: str
    country: str
    description: str
    spiral_cycle: int
    contracts: tuple[PublicContract, ...]
    indicators: tuple[PublicIndicator, ...]
    version: int = 0


def public_view(snapshot: Snapshot, version: int = 0) -> PublicTerritory:
    """The published page's content for ``snapshot`` (see the module's docstring)."""
    nodes = {node.id: node for node in snapshot.nodes}
    out: dict[tuple[str, RelType], list[tuple[str, dict[str, object]]]] = defaultdict(list)
    into: dict[tuple[str, RelType], list[tuple[str, dict[str, object]]]] = defaultdict(list)
    for rel in snapshot.relationships:
        out[rel.from_id, rel.type].append((rel.to_id, dict(rel.properties)))
        into[rel.to_id, rel.type].append((rel.from_id, dict(rel.properties)))

    def names(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted(n.name for i in ids if isinstance(n := nodes.get(i), Actor)))

    def evaluations_of(target: str) -> list[PublicEvaluation]:
        found = []
        for evaluation_id, _ in into[target, RelType.OF]:
            evaluation = nodes.get(evaluation_id)
            if isinstance(evaluation, Evaluation):
                givers = names([a for a, _ in into[evaluation_id, RelType.GAVE]])
                found.append(
                    PublicEvaluation(
                        givers, evaluation.phase.value, evaluation.level, evaluation.on
                    )
                )
        return found

    contracts = []
    for contract in sorted(snapshot.by_kind(NodeKind.CONTRACT), key=lambda c: c.label):
        assert isinstance(contract, Contract)
        if contract.status not in LIVE:
            continue
        parties = sorted(
            (
                Party(actor.name, actor.sector.value, str(props.get("role", "signatory")))
                for actor_id, props in into[contract.id, RelType.SIGNED]
                if isinstance(actor := nodes.get(actor_id), Actor)
            ),
            key=lambda p: (p.role, p.name),
        )
        commitments, evaluations = [], evaluations_of(contract.id)
        for commitment_id, _ in into[contract.id, RelType.PART_OF]:
            commitment = nodes.get(commitment_id)
            if not isinstance(commitment, Commitment):
                continue
            commitments.append(
                PublicCommitment(
                    commitment.title,
                    commitment.description,
                    commitment.status.value,
                    commitment.progress,
                    names([a for a, _ in into[commitment_id, RelType.MADE]]),
                    commitment.ends_on,
                )
            )
            evaluations += evaluations_of(commitment_id)
        actions = [
            PublicAction(action.title, action.status.value, action.progress)
            for action_id, _ in into[contract.id, RelType.IMPLEMENTS]
            if isinstance(action := nodes.get(action_id), Action)
        ]
        targets = [
            nodes[i].label
            for i, _ in out[contract.id, RelType.TARGETS]
            if isinstance(nodes.get(i), Indicator)
        ]
        contracts.append(
            PublicContract(
                id=contract.id,
                title=contract.title,
                objective=contract.objective,
                status=contract.status.value,
                signed_on=contract.signed_on,
                duration_months=contract.duration_months,
                review_on=contract.review_on,
                parties=tuple(parties),
                commitments=tuple(sorted(commitments, key=lambda c: (c.by, c.title))),
                actions=tuple(sorted(actions, key=lambda a: a.title)),
                evaluations=tuple(sorted(evaluations, key=lambda e: (e.on, e.by))),
                indicators=tuple(sorted(targets)),
            )
        )

    indicators = []
    for indicator in sorted(snapshot.by_kind(NodeKind.INDICATOR), key=lambda i: i.label):
        assert isinstance(indicator, Indicator)
        measured = sorted(
            (m.on, m.value, m.level)
            for m_id, _ in out[indicator.id, RelType.HAS]
            if isinstance(m := nodes.get(m_id), Measurement)
        )
        indicators.append(
            PublicIndicator(
                id=indicator.id,
                name=indicator.name,
                unit=indicator.unit,
                direction=indicator.direction.value,
                target_level=indicator.target_level,
                levels=_levels(indicator),
                measurements=tuple(measured),
            )
        )
    territory = snapshot.territory
    return PublicTerritory(
        id=territory.id,
        name=territory.label,
        country=str(getattr(territory, "country", "")),
        description=str(getattr(territory, "description", "")),
        spiral_cycle=int(getattr(territory, "spiral_cycle", 1)),
        contracts=tuple(contracts),
        indicators=tuple(indicators),
        version=version,
    )


def _levels(indicator: Indicator) -> dict[int, str]:
    """The indicator's own words for its levels 1-5, where it has them."""
    words = (
        indicator.level_1,
        indicator.level_2,
        indicator.level_3,
        indicator.level_4,
        indicator.level_5,
    )
    return {level: text for level, text in enumerate(words, start=1) if text}
