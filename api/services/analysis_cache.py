"""Analyses cached per map version: an edit is visible in the next analysis.

The key is ``(territory_id, store.territory_version(territory_id), limits, thresholds, seed)``;
any write to the territory bumps its version, so a stale report is never served. Two levels:
a few reports in this process (least recently used first out), and one per territory and
parameters in the store (``Store.analysis_result``), shared by every worker process and
replica on the database, so N workers do not each compute the same analysis. A report kept
in the store that this pactmap cannot read (another format) is computed again.
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import asdict

from pactmap.analysis import Limits, Report, Thresholds, analyze
from pactmap.graph.errors import StoreUnavailable
from pactmap.graph.store import Store

from .report_codec import ReportFormatError, dumps, loads

MAX_ENTRIES = 8
log = logging.getLogger("pactmap.api.analysis")


def store_key(limits: Limits, thresholds: Thresholds, seed: int) -> str:
    """The parameters of an analysis as the store keeps its result under (stable text)."""
    return json.dumps(
        {"limits": asdict(limits), "thresholds": asdict(thresholds), "seed": seed},
        sort_keys=True,
        separators=(",", ":"),
    )


class AnalysisCache:
    """Thread-safe LRU of reports over the store's shared results. Computing happens outside
    the cache's lock; concurrent requests for one key compute it once in a process.
    ``misses`` counts the analyses computed here, ``shared_hits`` those read from the store."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._reports: OrderedDict[Hashable, Report] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0
        self.shared_hits = 0

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
            try:
                report = self._shared(store, territory_id, version, limits, thresholds, seed)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self._reports[key] = report
                self._reports.move_to_end(key)
                while len(self._reports) > self.max_entries:
                    self._reports.popitem(last=False)
            return report

    def _shared(
        self,
        store: Store,
        territory_id: str,
        version: int,
        limits: Limits,
        thresholds: Thresholds,
        seed: int,
    ) -> Report:
        """The report another process kept in the store, else computed here and kept there."""
        kept_key = store_key(limits, thresholds, seed)
        kept = store.analysis_result(territory_id, kept_key, version)
        if kept is not None:
            try:
                report = loads(kept)
            except ReportFormatError as exc:
                log.warning("analysis of %s computed again: %s", territory_id, exc)
            else:
                with self._lock:
                    self.shared_hits += 1
                return report
        with self._lock:
            self.misses += 1
        report = analyze(
            store.snapshot(territory_id), limits=limits, thresholds=thresholds, seed=seed
        )
        try:
            store.save_analysis_result(territory_id, kept_key, version, dumps(report))
        except StoreUnavailable as exc:  # the report stands; only the sharing failed
            log.warning("analysis of %s not kept for other workers: %s", territory_id, exc)
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
