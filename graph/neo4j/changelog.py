"""The Neo4j store's change log: entries as stored, numbered by the change counter, written in
the transaction of the change they record (see :mod:`.cypher_changes` for how)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..model import ChangeOp
from ..store import dumps
from . import cypher_changes, cypher_schema
from .codec import epoch_us
from .database import Tx, run_once


def write_log(tx: Tx, entries: list[dict[str, Any]]) -> None:
    """Write change entries (from :func:`entry`) with the next seqs of the store.

    Many entries of one territory, time and author (a bulk write) are stored as
    ``:ChangeBatch`` nodes (see :mod:`.cypher_changes`), the rest as ``:Change`` nodes.
    The counter node is locked first and read after, in this transaction, so concurrent
    writers get distinct, increasing seqs in commit order. Call it last in a transaction:
    the counter lock is then held briefly and always after the node locks (no deadlock).
    """
    if not entries:
        return
    shared = {(e["territory_id"], e["at"], e["by"]) for e in entries}
    if len(entries) >= BATCHED_FROM and len(shared) == 1:
        log_bulk(tx, len(entries), [entries])
        return
    first = _take_seqs(tx, len(entries))
    for offset, row in enumerate(entries):
        row["seq"] = first + offset
    for start in range(0, len(entries), LOG_BATCH):
        tx.run(cypher_changes.CHANGE_WRITE, rows=entries[start : start + LOG_BATCH]).consume()


def _take_seqs(tx: Tx, count: int) -> int:
    """Lock the change counter, move it on by ``count``; answers the first seq taken."""
    tx.run(cypher_schema.COUNTER_LOCK).consume()
    record = tx.run(cypher_schema.COUNTER_BUMP, n=count).single(strict=True)
    return int(record["last"]) - count + 1


def log_bulk(tx: Tx, count: int, parts: Iterable[list[dict[str, Any]]]) -> None:
    """Write the ``count`` change entries of one bulk write (one territory, time and author),
    given a part at a time (a big import reads them back from disk), as ``:ChangeBatch`` nodes
    of at most :data:`LOG_BATCH` entries. As :func:`write_log`: call it last in the transaction."""
    if not count:
        return
    first = seq = _take_seqs(tx, count)
    for part in parts:
        for start in range(0, len(part), LOG_BATCH):
            piece = part[start : start + LOG_BATCH]
            batch = {key: piece[0][key] for key in ("territory_id", "at", "at_us", "by")} | {
                "first_seq": seq,
                "last_seq": seq + len(piece) - 1,
                "ops": [e["op"] for e in piece],
                "targets": [e["target"] for e in piece],
                "target_types": [e["target_type"] for e in piece],
                # a list holds no nulls: "" stands for none (a JSON text is never empty)
                "befores": [e.get("before", "") for e in piece],
                "afters": [e.get("after", "") for e in piece],
            }
            run_once(tx, cypher_changes.CHANGE_BATCH_WRITE, batch=batch)
            seq += len(piece)
    if seq - first != count:  # the counter moved on by count: the seqs must match it
        raise ValueError(f"log_bulk was told of {count} entries and given {seq - first}")


BATCHED_FROM = 50
LOG_BATCH = 5000


def entry(
    territory_id: str,
    at: datetime,
    by: str,
    op: ChangeOp,
    target: str,
    target_type: str,
    before: dict[str, Any] | str | None,
    after: dict[str, Any] | str | None,
) -> dict[str, Any]:
    """A change-log row as stored: ``before``/``after`` as JSON text (given as text when the
    caller already has it, as bulk writes do)."""
    at_text, at_us = _moment(at)
    row: dict[str, Any] = {
        "territory_id": territory_id,
        "at": at_text,
        "at_us": at_us,
        "by": by,
        "op": op.value,
        "target": target,
        "target_type": target_type,
    }
    if before is not None:
        row["before"] = before if isinstance(before, str) else dumps(before)
    if after is not None:
        row["after"] = after if isinstance(after, str) else dumps(after)
    return row


@lru_cache(maxsize=64)
def _moment(at: datetime) -> tuple[str, int]:
    """An entry's time as stored (bulk writes log thousands of entries at one time)."""
    return at.isoformat(), epoch_us(at)
