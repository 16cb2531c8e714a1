"""Temporal mode of the generator: contracts that form month after month, so that a date
splits a territory's past from its future (back-testing, issue 12).

The base territory is :func:`pactmap.seeds.generator.generate_territory` (its own contracts
are signed in 2021-2024). From ``start`` on, ``per_month`` new contracts are signed each
month, each by three actors, by a stated process:

- *coordination* (probability ``1 - closure``): a topic is drawn with probability
  proportional to its indicator's last badness (the share of residents in difficulty, the
  generator's survey value), and three actors who work on it, drawn with probability
  proportional to the square of their WORKS_ON intensity (the most involved sign first),
  and have no tie among them yet sign together: the open motif the gap ranking looks for;
- *closure* (probability ``closure``): an actor with at least two ties and two of its tied
  partners sign together: a friend-of-a-friend contract, what common neighbours and
  Adamic-Adar predict.

A contract ties its parties from its month on (later contracts see it). Ties the process
reads: explicit ties, funding, membership and representation, joint commitments, and the
parties of every earlier contract. :meth:`History.snapshot_at` gives the map as it was on a
date; :meth:`History.formed_after` the actor pairs whose contracts were signed from it on.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from pactmap.graph.model import NodeBase, NodeKind, Relationship, RelType
from pactmap.graph.store import Snapshot

from .generator import Generated, _add_months, _node, _rel, generate_territory
from .generator_plan import Plan, draw_plan

START = date(2025, 1, 1)
Pair = tuple[str, str]


@dataclass(frozen=True)
class FormedContract:
    """One contract of the temporal process: when, on what, who, and by which process."""

    id: str
    signed_on: date
    topic: str
    parties: tuple[str, ...]
    process: str  # "coordination" or "closure"


@dataclass(frozen=True)
class History:
    """A generated territory and the contracts signed after it, in date order."""

    generated: Generated
    contracts: tuple[FormedContract, ...]
    start: date
    months: int

    def snapshot_at(self, at: date) -> Snapshot:
        """The territory as it was on ``at``: the base map and the contracts signed before."""
        g = self.generated
        tid = g.territory.id
        nodes: list[NodeBase] = list(g.nodes)
        rels: list[Relationship] = list(g.relationships)
        for c in self.contracts:
            if c.signed_on >= at:
                continue
            nodes.append(_node(NodeKind.CONTRACT, c.id, tid, _contract_fields(c)))
            rels.append(_rel(RelType.TARGETS, c.id, c.topic))
            for a in c.parties:
                props = {"role": "signatory", "on": c.signed_on.isoformat()}
                rels.append(_rel(RelType.SIGNED, a, c.id, props))
        return Snapshot(
            territory=g.territory,
            nodes=sorted(nodes, key=lambda n: n.id),
            relationships=sorted(rels, key=lambda r: (r.from_id, r.type.value, r.to_id)),
        )

    def formed_after(self, at: date) -> set[Pair]:
        """Actor pairs that signed a contract together on ``at`` or later."""
        return {
            (a, b)
            for c in self.contracts
            if c.signed_on >= at
            for a, b in combinations(sorted(c.parties), 2)
        }

    def middle(self) -> date:
        """The back-test date that leaves half the months on each side."""
        return _add_months(self.start, self.months // 2)


def _contract_fields(c: FormedContract) -> dict[str, object]:
    return {
        "title": f"Contract {c.id}",
        "objective": "Act together on a shared topic.",
        "status": "signed",
        "signed_on": c.signed_on,
        "duration_months": 24,
        "review_on": _add_months(c.signed_on, 24),
    }


def _ties_of(plan: Plan) -> dict[int, set[int]]:
    near: dict[int, set[int]] = defaultdict(set)
    pairs = [(a, b) for a, b, *_ in plan.ties] + [(a, b) for a, b, _ in plan.funds]
    pairs += list(plan.member_of) + list(plan.represents)
    groups: list[list[int]] = [list(makers) for makers, *_ in plan.commitments]
    groups += [[a for a, _ in parties] for parties, *_ in plan.contracts]
    pairs += [p for g in groups for p in combinations(g, 2)]
    for a, b in pairs:
        if a != b:
            near[a].add(b)
            near[b].add(a)
    return near


def temporal_territory(
    actors: int,
    seed: int,
    *,
    months: int = 24,
    per_month: int | None = None,
    closure: float = 0.4,
    start: date = START,
) -> History:
    """The generated territory of (``actors``, ``seed``) and ``months`` of contracts formed
    by the module's process (``per_month`` contracts a month, default one per 250 actors, at
    least 2; ``closure`` the share of friend-of-a-friend contracts). Deterministic."""
    if not 0.0 <= closure <= 1.0:
        raise ValueError(f"closure is a probability between 0 and 1, got {closure!r}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months!r}")
    plan = draw_plan(actors, seed)
    rng = random.Random(f"temporal-{actors}-{seed}")  # noqa: S311 - reproducible draws
    per_month = per_month if per_month is not None else max(2, actors // 250)
    on: dict[int, dict[int, int]] = defaultdict(dict)
    for a, t, intensity in plan.works:
        on[t][a] = max(intensity, on[t].get(a, 0))
    topics = sorted(t for t, members in on.items() if len(members) >= 3)
    badness = [max(0.1, plan.badness[t][-1]) for t in topics]
    near = _ties_of(plan)
    formed: list[FormedContract] = []
    for m in range(months):
        month = _add_months(start, m)
        for k in range(per_month):
            if rng.random() < closure:
                team, process = _closure(rng, near, actors), "closure"
                topic = rng.choice(topics)
            else:
                topic = rng.choices(topics, badness)[0]
                team, process = _coordination(rng, on[topic], near), "coordination"
            if team is None:
                continue
            for a, b in combinations(team, 2):
                near[a].add(b)
                near[b].add(a)
            formed.append(
                FormedContract(
                    id=f"{plan.prefix}-tcon-{m:03d}-{k:03d}",
                    signed_on=month.replace(day=1 + (k * 27) // per_month),
                    topic=plan.topic_id(topic),
                    parties=tuple(plan.actor_id(a) for a in sorted(team)),
                    process=process,
                )
            )
    return History(generate_territory(actors, seed), tuple(formed), start, months)


def _coordination(
    rng: random.Random, members: dict[int, int], near: dict[int, set[int]]
) -> tuple[int, ...] | None:
    """Three actors of the topic (weights: intensity squared) with no tie among them (20
    draws), else None."""
    actors = sorted(members)
    weights = [members[a] ** 2 for a in actors]
    for _ in range(20):
        team = set(rng.choices(actors, weights, k=3))
        if len(team) == 3 and all(b not in near[a] for a, b in combinations(sorted(team), 2)):
            return tuple(sorted(team))
    return None


def _closure(rng: random.Random, near: dict[int, set[int]], n: int) -> tuple[int, ...] | None:
    """An actor with two or more ties and two of its partners (20 draws), else None."""
    for _ in range(20):
        v = rng.randrange(n)
        if len(near[v]) >= 2:
            a, b = rng.sample(sorted(near[v]), 2)
            return (v, a, b)
    return None
