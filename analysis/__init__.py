"""pactmap.analysis: silos, coordination gaps, brokers, coverage, contract suggestions and
trends of a territory, as pure functions over networkx graphs.

``analyze(snapshot)`` runs everything and returns a :class:`Report`;
:mod:`pactmap.analysis.convert` is the only bridge from a store snapshot.
"""

from __future__ import annotations

from .analyze import Limits, Thresholds, analyze, analyze_views
from .records import Report, Suggestion

__all__ = ["Limits", "Report", "Suggestion", "Thresholds", "analyze", "analyze_views"]
