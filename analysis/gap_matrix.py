"""Every open pair scored at once, with sparse matrix products (no actor x actor dense matrix).

Let ``S`` be the actor x place matrix of sqrt(weight), where a place is a topic or an
indicator an actor acts on directly (a commitment addressing it, an action it leads that
targets it), ``I`` its 0/1 pattern, ``d`` the places' degrees and ``n`` their needs. Then

- shared places: ``S diag(n / d) S^T`` (the 3-motif score of every pair at once), and
  ``I I^T`` counts the places a pair shares (what ``sma.identifyGaps`` calls the
  contribution of a gap to motif ``2,1[II.C]``);
- interdependent topics: with ``L`` the topic-link matrix
  ``L[t1, t2] = 1/2 x mean need x 2 / (d1 + d2)``, the 4-motif term sums
  ``S[a, t1] L[t1, t2] S[b, t2]`` over t1 not on b's list and t2 not on a's list. By
  inclusion-exclusion that is ``S L S^T - S R^T - R S^T + X Y^T`` with
  ``R = I o (S L)`` and, over ordered links e = (t1, t2), ``X[a, e] = S[a, t1] I[a, t2]``,
  ``Y[b, e] = I[b, t1] S[b, t2] L[t1, t2]``.

Tied pairs (an edge of the collaboration graph) are then removed. Only the pairs that share
a place or a linked topic are ever stored: the memory is that of the answer.

Gap mass of a place: the sum, over every open pair, of the share of the pair's score that
this place contributes (a 4-motif term counts half for each of its two topics). It is
computed from column sums, without listing pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from . import gap_blocks
from .gap_blocks import Products
from .weights import DEFAULT

INTERDEPENDENT_DISCOUNT = DEFAULT.interdependent
_EPS = 1e-12

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True)
class OpenPairs:
    """Every open pair with a positive score.

    ``a``/``b`` index ``actors`` (a < b), unordered; :meth:`ranked` gives positions best
    first (then by actor ids). ``reserved`` holds the positions of the best pairs joined only
    by linked topics (4-motifs), best first. ``open_pairs`` counts the pairs that share a
    place (3-motifs); ``mass`` is each place's gap mass.
    """

    actors: Sequence[str]
    a: Ints
    b: Ints
    score: Floats
    reserved: Ints
    open_pairs: int
    mass: dict[str, float]
    scored: int = -1  # every open pair with a score (listed or not); -1: all are listed

    def __len__(self) -> int:
        """The open pairs scored (not only the ones listed)."""
        return self.scored if self.scored >= 0 else len(self.score)

    def ids(self, order: Iterable[int]) -> Iterator[tuple[str, str, float]]:
        for i in order:
            yield self.actors[self.a[i]], self.actors[self.b[i]], float(self.score[i])

    def ranked(self, head: int = 4096) -> Iterator[int]:
        """Positions best first, ties by actor ids; only the first ``head`` (and the pairs
        tied with the last of them) are sorted unless the caller reads on."""
        n = len(self.score)
        if n == 0:
            return
        if n > head:
            cut = -np.partition(-self.score, head - 1)[head - 1]
            top = np.flatnonzero(self.score >= cut)
        else:
            top = np.arange(n)
        yield from self._sorted(top).tolist()
        if len(top) < n:
            rest = np.flatnonzero(self.score < cut)
            yield from self._sorted(rest).tolist()

    def _sorted(self, idx: Ints) -> Ints:
        return idx[np.lexsort((self.b[idx], self.a[idx], -self.score[idx]))]


def _incidence(
    actors: Sequence[str], places: Sequence[str], weights: Mapping[str, Mapping[str, float]]
) -> sp.csr_matrix:
    row_of = {a: i for i, a in enumerate(actors)}
    col_of = {p: j for j, p in enumerate(places)}
    rows, cols, vals = [], [], []
    for actor, placed in weights.items():
        i = row_of[actor]
        for place, w in placed.items():
            rows.append(i)
            cols.append(col_of[place])
            vals.append(w)
    return sp.csr_matrix(
        (np.sqrt(np.asarray(vals, dtype=float)), (rows, cols)), shape=(len(actors), len(places))
    )


def _ties(C: nx.Graph[str], row_of: Mapping[str, int]) -> tuple[Ints, Ints]:
    """Both orientations of every tie among indexed actors."""
    adjacency = C._adj
    pairs = [
        (row_of[u], row_of[v])
        for u, near in adjacency.items()
        if u in row_of
        for v in near
        if u < v and v in row_of
    ]
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    arr = np.asarray(pairs, dtype=np.int64)
    return np.concatenate([arr[:, 0], arr[:, 1]]), np.concatenate([arr[:, 1], arr[:, 0]])


def _tie_keys(ti: Ints, tj: Ints, n: int) -> Ints:
    upper = ti < tj
    return np.unique(ti[upper] * n + tj[upper])


def _tied_sum(U: sp.csr_matrix, V: sp.csr_matrix, ti: Ints, tj: Ints) -> Floats:
    """Per column e: the sum over ordered tied pairs (i, j) of U[i, e] V[j, e]."""
    if not len(ti):
        return np.zeros(U.shape[1])
    return np.asarray(U[ti].multiply(V[tj]).sum(axis=0)).ravel()


def open_pairs(
    actors: Sequence[str],
    topic_weights: Mapping[str, Mapping[str, float]],
    indicator_weights: Mapping[str, Mapping[str, float]],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    *,
    keep: int | None = None,
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> OpenPairs:
    """Score every untied pair of ``actors`` (see the module docstring); list them all, or
    only the best ``keep`` (and the reserved ones) when ``keep`` is given. ``discount``
    weighs the 4-motif term (:class:`pactmap.analysis.weights.Weights`).

    ``topic_weights``/``indicator_weights``: actor -> {place: weight}; ``need``: place ->
    need (1 when missing, must be positive); ``C`` the live collaboration graph; ``links``
    the topic links.
    """
    topics = sorted({t for placed in topic_weights.values() for t in placed})
    indicators = sorted({i for placed in indicator_weights.values() for i in placed})
    merged: dict[str, dict[str, float]] = {a: dict(p) for a, p in topic_weights.items()}
    for a, placed in indicator_weights.items():
        merged.setdefault(a, {}).update(placed)
    places = topics + indicators
    n, k = len(actors), len(topics)
    S = _incidence(actors, places, merged)
    I = S.copy()  # noqa: E741 - the 0/1 pattern of S, named as in the docstring
    I.data[:] = 1.0
    degree = np.asarray(I.sum(axis=0)).ravel()
    needs = np.asarray([need.get(p, 1.0) for p in places], dtype=float)
    if (needs <= 0).any():
        bad = places[int(np.flatnonzero(needs <= 0)[0])]
        raise ValueError(f"need of {bad!r} is {need[bad]!r}; needs must be positive")
    scale = np.divide(needs, degree, out=np.zeros_like(needs), where=degree > 0)
    ti, tj = _ties(C, {a: i for i, a in enumerate(actors)})

    mass = _shared_mass(S, scale, ti, tj)

    tie_keys = _tie_keys(ti, tj, n)
    products = Products(SD=(S @ sp.diags(scale)).tocsr(), St=S.T.tocsr())
    col = {t: j for j, t in enumerate(topics)}
    link_pairs = sorted(
        (col[u], col[v]) for u, v in links.edges() if u in col and v in col and u != v
    )
    if link_pairs:
        lu = np.asarray([p[0] for p in link_pairs], dtype=np.int64)
        lv = np.asarray([p[1] for p in link_pairs], dtype=np.int64)
        lw = discount * (needs[lu] + needs[lv]) / (degree[lu] + degree[lv])
        St, It = S[:, :k].tocsc(), I[:, :k].tocsc()
        products = _linked(products, St, It, lu, lv, lw)
        _linked_mass(mass, St, It, lu, lv, lw, ti, tj)

    blocks = gap_blocks.score(products, n, tie_keys, keep)
    ra, rb = blocks.reserved
    keys = blocks.a * n + blocks.b  # row-major, so sorted
    return OpenPairs(
        actors=list(actors),
        a=blocks.a,
        b=blocks.b,
        score=blocks.score,
        reserved=np.searchsorted(keys, ra * n + rb).astype(np.int64),
        open_pairs=blocks.sharing,
        mass={p: float(m) for p, m in zip(places, mass, strict=True) if m > _EPS},
        scored=blocks.scored,
    )


def _linked(
    products: Products, St: sp.csc_matrix, It: sp.csc_matrix, lu: Ints, lv: Ints, lw: Floats
) -> Products:
    """The factors of the 4-motif term of every pair: ``A S^T - X Y^T`` with
    ``A = (S L) o (1 - I)`` and, over ordered links e = (t1, t2),
    ``X[a, e] = S[a, t1] (1 - I[a, t2])``, ``Y[b, e] = I[b, t1] S[b, t2] L[t1, t2]`` (t1
    must not be on b's list)."""
    k = St.shape[1]
    ou, ov, ow = np.r_[lu, lv], np.r_[lv, lu], np.r_[lw, lw]
    L = sp.csr_matrix((ow, (ou, ov)), shape=(k, k))
    SL = (St @ L).tocsr()
    A = SL - SL.multiply(It)
    X = St[:, ou] - St[:, ou].multiply(It[:, ov])
    Y = It[:, ou].multiply(St[:, ov]).multiply(ow[None, :])
    return replace(
        products,
        A=sp.csr_matrix(A),
        Sk_t=sp.csr_matrix(St.T),
        X=sp.csr_matrix(X),
        Yt=sp.csr_matrix(sp.csr_matrix(Y).T),
    )


def _shared_mass(S: sp.csr_matrix, scale: Floats, ti: Ints, tj: Ints) -> Floats:
    col_sum = np.asarray(S.sum(axis=0)).ravel()
    col_sq = np.asarray(S.multiply(S).sum(axis=0)).ravel()
    tied = _tied_sum(S, S, ti, tj)  # ordered pairs: each tie twice
    return np.asarray(scale * (col_sum**2 - col_sq - tied) / 2.0, dtype=float)


def _linked_mass(
    mass: Floats,
    St: sp.csc_matrix,
    It: sp.csc_matrix,
    lu: Ints,
    lv: Ints,
    lw: Floats,
    ti: Ints,
    tj: Ints,
) -> None:
    """Add to ``mass`` half of each link's open 4-motif score for each of its topics."""
    U = (St[:, lu] - St[:, lu].multiply(It[:, lv])).tocsr()
    V = (St[:, lv] - St[:, lv].multiply(It[:, lu])).tocsr()
    us, vs = np.asarray(U.sum(axis=0)).ravel(), np.asarray(V.sum(axis=0)).ravel()
    per_link = lw * (us * vs - _tied_sum(U, V, ti, tj))
    np.add.at(mass, lu, per_link / 2)
    np.add.at(mass, lv, per_link / 2)
