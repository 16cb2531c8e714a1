"""The pair products of :mod:`.gap_matrix`, computed a block of actors (rows) at a time.

Every pair is still scored, but only one block of rows of ``S diag(n/d) S^T`` (and of the
4-motif term) exists at once: at 50,000 actors on 150 topics the whole product holds some
160 M entries (the 50,000-actor run grew past 8 GB and was stopped), a block of 2,048 rows
a few million. From each block are kept the strict upper triangle's open pairs (untied,
non-zero), the count of the untied pairs that share a place, and the best pairs joined only
by linked topics. With ``keep`` the pairs kept are the best ``keep`` (score, then ids) and
the reserved ones; without it, all of them (back-testing ranks them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
BLOCK_ROWS = 2048
RESERVED = 64
_EPS = 1e-12


@dataclass(frozen=True)
class Products:
    """Right and left factors: shared = ``SD[rows] @ St``, linked = ``A[rows] @ Sk_t -
    X[rows] @ Yt`` (no linked term when ``A`` is None)."""

    SD: sp.csr_matrix
    St: sp.csr_matrix
    A: sp.csr_matrix | None = None
    Sk_t: sp.csr_matrix | None = None
    X: sp.csr_matrix | None = None
    Yt: sp.csr_matrix | None = None


@dataclass(frozen=True)
class Blocks:
    """The open pairs kept (row-major), the reserved ones (best first), and the counts."""

    a: Ints
    b: Ints
    score: Floats
    reserved: tuple[Ints, Ints]
    sharing: int
    scored: int


def _upper(M: sp.csr_matrix, r0: int) -> sp.csr_matrix:
    """The entries of block ``M`` (rows r0, r0+1, ...) above the diagonal, indices sorted."""
    n = M.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(M.indptr))
    keep = M.indices > rows + r0
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[keep], minlength=n), out=indptr[1:])
    upper = sp.csr_matrix((M.data[keep], M.indices[keep], indptr), shape=M.shape)
    upper.sort_indices()
    return upper


def _entries(U: sp.csr_matrix, r0: int) -> tuple[Ints, Ints, Floats]:
    rows = np.repeat(np.arange(r0, r0 + U.shape[0], dtype=np.int64), np.diff(U.indptr))
    return rows, U.indices.astype(np.int64), U.data


def _tied(rows: Ints, cols: Ints, n: int, tie_keys: Ints) -> NDArray[np.bool_]:
    """Which entries (row-major) are tied pairs (``tie_keys``: sorted i * n + j, i < j)."""
    tied = np.zeros(len(rows), dtype=bool)
    if len(tie_keys) and len(rows):
        keys = rows * n + cols
        at = np.searchsorted(keys, tie_keys)
        found = at < len(keys)
        found[found] = keys[at[found]] == tie_keys[found]
        tied[at[found]] = True
    return tied


def _open(U: sp.csr_matrix, r0: int, n: int, tie_keys: Ints) -> tuple[Ints, Ints, Floats]:
    rows, cols, data = _entries(U, r0)
    keep = (np.abs(data) > _EPS) & ~_tied(rows, cols, n, tie_keys)
    return rows[keep], cols[keep], data[keep]


def _best(rows: Ints, cols: Ints, data: Floats, count: int) -> Ints:
    """Positions of the best ``count`` entries: score, then row, then column."""
    if len(data) > count:
        cut = -np.partition(-data, count - 1)[count - 1]
        top = np.flatnonzero(data >= cut)
    else:
        top = np.arange(len(data))
    return top[np.lexsort((cols[top], rows[top], -data[top]))][:count]


def _linked_only(
    linked: tuple[Ints, Ints, Floats], shared: sp.csr_matrix, r0: int
) -> tuple[Ints, Ints, Floats]:
    """The best :data:`RESERVED` of the block's open linked pairs that share no place (read
    in growing heads; a lookup in the shared block per pair read)."""
    rows, cols, data = linked
    head = 4 * RESERVED
    while True:
        order = _best(rows, cols, data, head)
        looked = _values_at(shared, rows[order] - r0, cols[order])
        picked = order[looked == 0][:RESERVED]
        if len(picked) >= RESERVED or len(order) >= len(data):
            return rows[picked], cols[picked], data[picked]
        head *= 4


def _values_at(M: sp.csr_matrix, rows: Ints, cols: Ints) -> Floats:
    """``M[rows[i], cols[i]]`` for every i, flat (scipy answers a sparse matrix for empty
    index arrays)."""
    if not len(rows):
        return np.zeros(0)
    found: Any = M[rows, cols]
    dense = found.toarray() if sp.issparse(found) else found
    return np.asarray(dense, dtype=float).ravel()


def score(P: Products, n: int, tie_keys: Ints, keep: int | None = None) -> Blocks:
    """Every pair scored block by block (see the module docstring)."""
    parts: list[tuple[Ints, Ints, Floats]] = []
    reserved: list[tuple[Ints, Ints, Floats]] = []
    sharing = scored = 0
    for r0 in range(0, n, BLOCK_ROWS):
        r1 = min(n, r0 + BLOCK_ROWS)
        shared = (P.SD[r0:r1] @ P.St).tocsr()
        upper = _upper(shared, r0)
        rows, cols, _ = _entries(upper, r0)
        sharing += len(rows) - int(np.count_nonzero(_tied(rows, cols, n, tie_keys)))
        if P.A is not None and P.X is not None:
            linked = (P.A[r0:r1] @ P.Sk_t - P.X[r0:r1] @ P.Yt).tocsr()
            linked_upper = _upper(linked, r0)
            upper = upper + linked_upper
            upper.sort_indices()
            only = _open(linked_upper, r0, n, tie_keys)
            reserved.append(_linked_only(only, shared, r0))
        block = _open(upper, r0, n, tie_keys)
        scored += len(block[0])
        if keep is not None:
            at = _best(*block, keep)
            block = (block[0][at], block[1][at], block[2][at])
            if parts:
                merged = [np.concatenate(x) for x in zip(*parts, block, strict=True)]
                at = _best(merged[0], merged[1], merged[2], keep)
                block = (merged[0][at], merged[1][at], merged[2][at])
                parts = []
        parts.append(block)
    a, b, s = (np.concatenate(x) for x in zip(*parts, strict=True)) if parts else _none()
    ra, rb, rs = (np.concatenate(x) for x in zip(*reserved, strict=True)) if reserved else _none()
    best = _best(ra, rb, rs, RESERVED)
    ra, rb, rs = ra[best], rb[best], rs[best]
    if keep is not None:  # the reserved pairs stay listed whatever their rank; row-major
        missing = ~np.isin(ra * n + rb, a * n + b)
        a, b, s = np.r_[a, ra[missing]], np.r_[b, rb[missing]], np.r_[s, rs[missing]]
        order = np.argsort(a * n + b, kind="stable")
        a, b, s = a[order], b[order], s[order]
    return Blocks(a, b, s, (ra, rb), sharing, scored)


def _none() -> tuple[Ints, Ints, Floats]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
