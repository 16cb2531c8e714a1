"""Analyses cached per map version: an edit is visible in the next analysis.

The key is ``(territory_id, store.territory_version(territory_id), limits, thresholds, seed)``;
any write to the territory bumps its version, so a stale report is never served. A few
reports are kept (least recently used first out).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable

from pactmap.analysis import Limits, Report, Thresholds, analyze
from pactmap.graph.store import Store

MAX_ENTRIES = 8


class AnalysisCache:
    """Thread-safe LRU of reports. Computing happens outside the cache's lock; concurrent
    requests for one key compute it once."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._reports: OrderedDict[Hashable, Report] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def report(
        self,
        store: Store,
        territory_id: str,
        *,
        limits: Limits | None = None,
        thresholds: Thresholds | None = None,
        seed: int = 0,
    ) -> Report:
        """The analysis of the territory as it is now. Raises NotFound for no territory."""
        limits, thresholds = limits or Limits(), thresholds or Thresholds()
        version = store.territory_version(territory_id)
        key = (territory_id, version, limits, thresholds, seed)
        found = self._lookup(key)
        if found is not None:
            return found
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # a second caller for the same key waits, then reads the cache
            found = self._lookup(key)
            if found is not None:
                return found
            with self._lock:
                self.misses += 1
            try:
                report = analyze(
                    store.snapshot(territory_id), limits=limits, thresholds=thresholds, seed=seed
                )
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self._reports[key] = report
                self._reports.move_to_end(key)
                while len(self._reports) > self.max_entries:
                    self._reports.popitem(last=False)
            return report

    def _lookup(self, key: Hashable) -> Report | None:
        with self._lock:
            found = self._reports.get(key)
            if found is not None:
                self._reports.move_to_end(key)
                self.hits += 1
            return found

    def clear(self) -> None:
        with self._lock:
            self._reports.clear()


_caches: weakref.WeakKeyDictionary[Store, AnalysisCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def cache_for(store: Store) -> AnalysisCache:
    """The cache of one store (the GraphQL API and the suggestion decisions share it); it
    goes when the store goes, so two stores never mix their territories' reports."""
    with _caches_lock:
        found = _caches.get(store)
        if found is None:
            found = _caches[store] = AnalysisCache()
        return found
