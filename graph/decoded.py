"""Nodes read back from a store, remembered by the exact stored form they were built from.

A store row is validated when written; reading it back validated it again on every request (a
page of 100 actors with their topics: ~150 pydantic validations, about a third of the store's
CPU on Neo4j). Nodes are frozen models, so the node built from a given stored form can be
handed out again: :class:`Decoded` maps the stored form (SQLite's JSON text, Neo4j's property
items) to the node. A key is the whole stored form, never an id or a version, so an edited,
re-imported or recreated node is a new key and can never be served stale. Bounded: when full,
it starts again empty.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

MAX_ENTRIES = 20_000


class Decoded:
    """Stored form -> node, at most ``max_entries`` of them. Safe across threads: a lost race
    builds a node twice, both equal."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._nodes: dict[Hashable, object] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        found = self._nodes.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        node = build()
        if len(self._nodes) >= self.max_entries:
            self._nodes = {}
        self._nodes[key] = node
        return node

    def clear(self) -> None:
        self._nodes = {}
