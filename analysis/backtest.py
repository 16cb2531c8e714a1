"""Back-testing the gap ranking: given the map as it was before a date and the pairs that
came to collaborate after it, how well did each ranking foresee them?

Pure: the caller rebuilds the map at the date (a Snapshot) and lists the pairs that formed
after it (joint commitments and contracts that appeared later, as actor pairs). Rankings:

- ``pactmap``: the open pairs by gap score (:func:`pactmap.analysis.gaps.exact_pairs`);
- ``common_neighbours``, ``adamic_adar`` [1]_, ``preferential_attachment`` on the
  collaboration graph, over the untied pairs;
- ``random``: the untied pairs in a seeded random order.

Measures, for each ranking's first ``k``: precision@k (hits / k), recall@k (hits / pairs
that formed among the untied pairs) and MRR (1 / rank of the first hit, 0 if none in the
first ``k``). The untied pairs are enumerated: maps up to :data:`MAX_ACTORS` actors.

References
----------
.. [1] Liben-Nowell, D. and Kleinberg, J. (2007). The link-prediction problem for social
   networks. JASIST 58(7), 1019-1031.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from pactmap.graph.store import Snapshot

from .analyze import _indicator_needs
from .convert import build_views
from .coverage import addressed, topic_needs
from .gaps import exact_pairs
from .trends import trends

MAX_ACTORS = 3000
Pair = tuple[str, str]


@dataclass(frozen=True)
class Score:
    method: str
    k: int
    precision: float
    recall: float
    mrr: float


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def rankings(before: Snapshot, *, seed: int = 0) -> dict[str, list[Pair]]:
    """Each method's ranking of the untied pairs of the map ``before`` (best first)."""
    views = build_views(before)
    T, C = views.typed, views.collaboration
    if C.number_of_nodes() > MAX_ACTORS:
        raise ValueError(
            f"back-testing enumerates pairs: {C.number_of_nodes()} actors > {MAX_ACTORS}"
        )
    trend = trends(T)
    need = {t: n.score for t, n in topic_needs(T, trend, addressed(T)).items()}
    need.update(_indicator_needs(T, need))
    found = exact_pairs(views.actor_topic, C, views.topics, need, views.indicators)
    untied = [p for p in combinations(sorted(C), 2) if not C.has_edge(*p)]
    out: dict[str, list[Pair]] = {
        "pactmap": [(a, b) for a, b, _ in found.ids(found.ranked())],
    }
    degree = dict(C.degree())
    common = {p: len(set(C[p[0]]) & set(C[p[1]])) for p in untied}

    def adamic(p: Pair) -> float:
        shared = set(C[p[0]]) & set(C[p[1]])
        return sum(1.0 / math.log(degree[z]) for z in shared if degree[z] > 1)

    def ranked(score: dict[Pair, float]) -> list[Pair]:
        return [p for p in sorted(score, key=lambda p: (-score[p], p)) if score[p] > 0]

    out["common_neighbours"] = ranked({p: float(v) for p, v in common.items()})
    out["adamic_adar"] = ranked({p: adamic(p) for p in untied if common[p]})
    out["preferential_attachment"] = ranked({p: float(degree[p[0]] * degree[p[1]]) for p in untied})
    shuffled = list(untied)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible baseline
    out["random"] = shuffled
    return out


def evaluate(
    ranking: list[Pair], formed: Iterable[Pair], untied: set[Pair], k: int
) -> tuple[float, float, float]:
    """precision@k, recall@k and MRR of one ranking against the pairs that formed."""
    truth = {_pair(*p) for p in formed} & untied
    head = ranking[:k]
    hits = [i for i, p in enumerate(head) if p in truth]
    precision = len(hits) / k if k else 0.0
    recall = len(hits) / len(truth) if truth else 0.0
    mrr = 1.0 / (hits[0] + 1) if hits else 0.0
    return precision, recall, mrr


def backtest(
    before: Snapshot, formed: Iterable[Pair], *, k: int = 20, seed: int = 0
) -> list[Score]:
    """Every method's precision@k, recall@k and MRR, pactmap first."""
    ranks = rankings(before, seed=seed)
    C: nx.Graph[str] = build_views(before).collaboration
    untied = {p for p in combinations(sorted(C), 2) if not C.has_edge(*p)}
    formed = list(formed)
    return [Score(m, k, *evaluate(r, formed, untied, k)) for m, r in ranks.items()]
