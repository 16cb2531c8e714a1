"""The gap list a facilitator reads: exact open pairs (:mod:`.gap_matrix`), open groups
(:func:`.gaps.open_groups`) and a sentence for each, written from the numbers it states."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain, islice

import networkx as nx
from pactmap.graph.sentence import N_, Listed, Sentence, ngettext

from .gap_matrix import INTERDEPENDENT_DISCOUNT, OpenPairs
from .gaps import PER_TOPIC, PairScore, details, exact_pairs, open_groups, places_of
from .records import Gap, Ref
from .wording import actor, context, quote

RARE = 10  # a place with at most this many actors is called rare in a sentence
LISTED = 1 << 16
"""How many of the best open pairs the report keeps to choose its gaps from (it reads a few
hundred: ``limit`` x 8, then until every topic's quota is met)."""


def _draft(a: str, b: str, drafts: Mapping[str, set[str]], names: Mapping[str, Ref]) -> Sentence:
    """The ending of a gap sentence: what ties the pair lack, and a draft in preparation."""
    common = sorted(drafts.get(a, set()) & drafts.get(b, set()))
    if not common:
        return Sentence(N_("no tie, no joint commitment and no shared contract"))
    return Sentence(
        N_(
            "no tie, no joint commitment and no contract in force: a draft contract, "
            "%(draft)s, is being prepared"
        ),
        draft=names[common[0]].name,
    )


def explain(
    pair: PairScore,
    names: Mapping[str, Ref],
    degree: Mapping[str, int],
    reasons: Mapping[str, tuple[str, ...]],
    topics: set[str] | frozenset[str],
    drafts: Mapping[str, set[str]] | None = None,
) -> Sentence:
    """One sentence a facilitator can read aloud about a gap.

    ``topics`` tells topics from indicators among the pair's shared places; ``drafts`` maps
    an actor to the draft contracts it is party to.
    """
    a, b = names[pair.a], names[pair.b]
    lack = _draft(pair.a, pair.b, drafts or {}, names)
    if not pair.shared:
        t1, t2 = pair.linked[0]
        linked_why = reasons.get(pair.primary, ())[:2]
        return Sentence(
            N_(
                "%(a)s works on %(t1)s and %(b)s on %(t2)s, two topics that depend on each "
                "other%(context)s, but they have %(lack)s."
            ),
            a=actor(a),
            t1=names[t1].name,
            b=actor(b),
            t2=names[t2].name,
            context=context(linked_why),
            lack=lack,
        )
    on_topics = [t for t in pair.shared if t in topics]
    on_indicators = [i for i in pair.shared if i not in on_topics]
    parts: list[Sentence] = []
    why: list[str] = list(reasons.get(pair.primary, ()))[:2]
    if on_topics:
        few = min(degree.get(t, 0) for t in on_topics)
        listed = Listed(tuple(names[t].name for t in on_topics[:3]))
        if few <= RARE and len(on_topics) == 1:
            parts.append(
                Sentence(
                    N_("work on %(topics)s, a topic only %(few)s actors work on"),
                    topics=listed,
                    few=few,
                )
            )
        else:
            parts.append(Sentence(N_("work on %(topics)s"), topics=listed))
            if few <= RARE:
                why.insert(
                    0, Sentence(N_("the rarest of these topics has only %(few)s actors"), few=few)
                )
    if on_indicators:
        few = min(degree.get(i, 0) for i in on_indicators)
        quoted = Listed(tuple(quote(names[i].name) for i in on_indicators[:3]))
        if few <= RARE and len(on_indicators) == 1:
            parts.append(
                Sentence(
                    N_(
                        "act directly on the indicator %(indicator)s, which only %(few)s actors "
                        "act on"
                    ),
                    indicator=quoted,
                    few=few,
                )
            )
        else:
            parts.append(
                ngettext(
                    "act directly on the indicator %(indicators)s",
                    "act directly on the indicators %(indicators)s",
                    len(on_indicators),
                    indicators=quoted,
                )
            )
    return Sentence(
        N_("%(a)s and %(b)s both %(what)s%(context)s, but they have %(lack)s."),
        a=actor(a),
        b=actor(b),
        what=Listed(tuple(parts)),
        context=context(why),
        lack=lack,
    )


def _explain_group(
    topics: tuple[str, ...], members: list[str], names: Mapping[str, Ref], reasons: tuple[str, ...]
) -> Sentence:
    who = Listed(tuple(actor(names[a]) for a in members))
    if len(topics) == 1:
        return Sentence(
            N_(
                "%(who)s all work on %(topic)s%(context)s, yet none of them has a tie, a joint "
                "commitment or a shared contract with another."
            ),
            who=who,
            topic=names[topics[0]].name,
            context=context(reasons[:2]),
        )
    return Sentence(
        N_(
            "%(who)s each work on %(t1)s or %(t2)s, two topics that depend on each other,"
            "%(context)s yet none of them has a tie, a joint commitment or a shared contract "
            "with another."
        ),
        who=who,
        t1=names[topics[0]].name,
        t2=names[topics[1]].name,
        context=context(reasons[:2], trailing=True),
    )


def gaps(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    names: Mapping[str, Ref],
    reasons: Mapping[str, tuple[str, ...]] | None = None,
    *,
    indicators: Mapping[str, Mapping[str, float]] | None = None,
    drafts: Mapping[str, set[str]] | None = None,
    limit: int = 50,
    per_topic_limit: int = 10,
    per_topic: int = PER_TOPIC,
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> tuple[list[Gap], OpenPairs]:
    """The best ``limit`` gaps (at most ``per_topic_limit`` per primary place), explained,
    and every open pair, scored (for the gap mass and the statistics).

    Every open pair is scored; the best :data:`LISTED` are kept (memory stays that of a
    block of rows at 50,000 actors) and only the ones shown are detailed and explained.
    """
    reasons = reasons or {}
    found_pairs = exact_pairs(B, C, links, need, indicators, keep=LISTED, discount=discount)
    places, degree = places_of(B, indicators)
    topic_set = {t for t in B if B.nodes[t].get("bipartite") == 1}

    def detail(order: Iterable[int]) -> list[PairScore]:
        return list(details(found_pairs, order, places, degree, links, need, discount))

    head = detail(islice(found_pairs.ranked(), limit * 8))
    focus: list[tuple[str, ...]] = [(t,) for t in sorted({p.primary for p in head[: limit * 4]})]
    focus += sorted({tuple(sorted(p.linked[0])) for p in head if not p.shared})[:limit]
    group_gaps = [
        Gap(
            kind="group",
            actors=tuple(names[a] for a in members),
            topics=tuple(names[t] for t in topics),
            score=score,
            explanation=_explain_group(topics, members, names, reasons.get(topics[0], ())),
            terms=(
                ("shared_rarity", sum(1.0 / degree[t] for t in topics)),
                ("need", max(need.get(t, 1.0) for t in topics)),
                ("members", float(len(members))),
            ),
        )
        for topics, members, score in open_groups(
            B, C, links, focus, need, per_topic=per_topic, discount=discount
        )
        if not any(_common_draft(members, drafts or {}))
    ]
    group_gaps.sort(key=lambda g: (-g.score, g.topics[0].id))
    quota = max(1, limit // 5)
    unique: dict[frozenset[str], Gap] = {}
    for g in group_gaps:
        unique.setdefault(frozenset(a.id for a in g.actors), g)
    group_gaps = list(unique.values())
    single = [g for g in group_gaps if len(g.topics) == 1][: max(1, limit // 2)]
    across = [g for g in group_gaps if len(g.topics) > 1][: max(1, quota // 2)]
    taken: dict[str, int] = defaultdict(int)
    found: list[Gap] = []
    covered: dict[str, list[frozenset[str]]] = defaultdict(list)  # topic -> group members
    for g in single + across:
        taken[g.topics[0].id] += 1
        found.append(g)
        for t in g.topics:
            covered[t.id].append(frozenset(a.id for a in g.actors))
    # 4-motifs score lower than shared topics by construction; a reserved share keeps the
    # gaps between interdependent topics (Guerrero et al.'s finding) in view.
    reserved = found_pairs.reserved[:quota].tolist()
    skip = set(reserved)
    rest = (i for i in found_pairs.ranked() if i not in skip)
    ordered = details(found_pairs, chain(reserved, rest), places, degree, links, need, discount)
    for p in ordered:
        if len(found) >= limit:
            break
        if taken[p.primary] >= per_topic_limit:
            continue
        if any(p.a in m and p.b in m for m in covered.get(p.primary, ())):
            continue  # already said by a group gap on this topic
        taken[p.primary] += 1
        shown = list(p.shared) + sorted({t for link in p.linked for t in link} - set(p.shared))
        found.append(
            Gap(
                kind="shared_topic" if p.shared else "interdependent_topics",
                actors=(names[p.a], names[p.b]),
                topics=tuple(names[t] for t in shown),
                score=p.score,
                explanation=explain(p, names, degree, reasons, topic_set, drafts),
                terms=(
                    ("shared_rarity", p.rarity),
                    ("need", need.get(p.primary, 1.0)),
                    ("interdependent_links", float(len(p.linked))),
                ),
            )
        )
    found.sort(key=lambda g: (-g.score, g.kind, [a.id for a in g.actors]))
    return found, found_pairs


def _common_draft(members: list[str], drafts: Mapping[str, set[str]]) -> list[str]:
    """Draft contracts shared by two members of a group (such a group is shown as pairs)."""
    seen: dict[str, int] = defaultdict(int)
    for a in members:
        for d in drafts.get(a, set()):
            seen[d] += 1
    return [d for d, n in sorted(seen.items()) if n >= 2]
