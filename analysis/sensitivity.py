"""How much the top gaps and suggestions move when one scoring weight moves.

Each weight of :class:`pactmap.analysis.weights.Weights` is multiplied by 0.5 and by 1.5 in
turn, the others at their defaults, and the analysis is run again (same seed). Reported for
each weight and factor: the Jaccard index of the top ``top`` gaps (pairs and groups, as
actor sets) and of the top ``top`` suggestions (teams, as actor sets) against the default
run, and Kendall's tau between the default order of the gaps shown and their order under
the change (over the gaps present in both). 1.0 everywhere: the weight does not matter at
that depth; a low Jaccard index names the weights a facilitator should know about.
Deterministic: the same snapshot and seed give the same report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from itertools import combinations

from pactmap.graph.store import Snapshot

from .analyze import Limits, analyze_views
from .convert import build_views
from .records import Report
from .weights import DEFAULT, GAP_WEIGHTS, Weights

FACTORS = (0.5, 1.5)


@dataclass(frozen=True)
class Change:
    """One weight times one factor, and what moved."""

    weight: str
    factor: float
    value: float
    gaps_jaccard: float
    gaps_kendall_tau: float
    suggestions_jaccard: float

    def to_json(self) -> dict[str, object]:
        return {
            "weight": self.weight,
            "factor": self.factor,
            "value": round(self.value, 6),
            "gapsJaccard": round(self.gaps_jaccard, 6),
            "gapsKendallTau": round(self.gaps_kendall_tau, 6),
            "suggestionsJaccard": round(self.suggestions_jaccard, 6),
        }


def _gaps(report: Report) -> list[frozenset[str]]:
    return [frozenset(a.id for a in g.actors) for g in report.gaps]


def _teams(report: Report) -> list[frozenset[str]]:
    return [frozenset(a.id for a in s.actors) for s in report.suggestions]


def jaccard(one: list[frozenset[str]], other: list[frozenset[str]]) -> float:
    """|A & B| / |A | B| of two lists taken as sets (1.0 for two empty lists).

    Examples
    --------
    >>> jaccard([frozenset("ab"), frozenset("cd")], [frozenset("ab"), frozenset("ef")])
    0.3333333333333333
    """
    a, b = set(one), set(other)
    return len(a & b) / len(a | b) if a | b else 1.0


def kendall_tau(one: list[frozenset[str]], other: list[frozenset[str]]) -> float:
    """Kendall's tau-a between two orders over the items present in both (1.0 below two).

    Examples
    --------
    >>> x, y, z = frozenset("x"), frozenset("y"), frozenset("z")
    >>> kendall_tau([x, y, z], [z, y, x])
    -1.0
    """
    rank = {item: i for i, item in enumerate(other)}
    common = [item for item in one if item in rank]
    if len(common) < 2:
        return 1.0
    pairs = list(combinations(common, 2))  # in ``one``'s order: i before j
    agree = sum(1 if rank[i] < rank[j] else -1 for i, j in pairs)
    return agree / len(pairs)


def sensitivity(
    snapshot: Snapshot,
    *,
    seed: int = 0,
    top: int = 5,
    factors: tuple[float, ...] = FACTORS,
    weights: tuple[str, ...] | None = None,
) -> dict[str, object]:
    """The report of the module docstring, as JSON-ready data: ``top``, ``factors``,
    ``defaults`` and ``changes`` (one entry per weight and factor, in
    :meth:`Weights.names` order)."""
    names = weights or Weights.names()
    unknown = sorted(set(names) - set(Weights.names()))
    if unknown:
        raise ValueError(f"unknown weight {unknown[0]!r} (known: {', '.join(Weights.names())})")
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top!r}")
    views = build_views(snapshot)
    limits = Limits(gaps=max(top, 10), suggestions=top)
    base = analyze_views(views, limits=limits, seed=seed)
    base_gaps, base_teams = _gaps(base)[:top], _teams(base)[:top]
    changes = []
    for name in names:
        for factor in factors:
            value = getattr(DEFAULT, name) * factor
            changed = analyze_views(
                views, limits=limits, seed=seed, weights=replace(DEFAULT, **{name: value})
            )
            gaps, teams = _gaps(changed)[:top], _teams(changed)[:top]
            changes.append(
                Change(
                    weight=name,
                    factor=factor,
                    value=value,
                    gaps_jaccard=jaccard(base_gaps, gaps),
                    gaps_kendall_tau=kendall_tau(_gaps(base), _gaps(changed)),
                    suggestions_jaccard=jaccard(base_teams, teams),
                ).to_json()
            )
    return {
        "top": top,
        "factors": list(factors),
        "seed": seed,
        "defaults": asdict(DEFAULT),
        "gapWeights": list(GAP_WEIGHTS),
        "changes": changes,
    }
