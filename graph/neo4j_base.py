"""The driver, managed transactions and error mapping shared by the parts of the Neo4j store.

Every operation opens a fresh session (cheap: sessions borrow pooled connections), so a
connection that died while Neo4j was away is never reused; the driver reconnects by itself.
Work runs in managed transactions (``execute_read`` / ``execute_write``), which the driver
retries on transient errors for up to ``retry_seconds``; the transaction functions given to
them are replayable (they compute everything from their inputs and the data they read).
Driver errors leave as :class:`~pactmap.graph.errors.StoreUnavailable` naming the URI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from neo4j import GraphDatabase, ManagedTransaction, NotificationMinimumSeverity, Record
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from . import neo4j_cypher as q
from .errors import StoreUnavailable
from .model import ChangeOp
from .neo4j_codec import epoch_us
from .store import dumps

T = TypeVar("T")
Tx = ManagedTransaction

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def check_uri(uri: str) -> None:
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in SCHEMES:
        raise StoreUnavailable(
            f"'{uri}' is not a Neo4j URI (expected one of "
            + ", ".join(f"{s}://" for s in SCHEMES)
            + ")"
        )


class Neo4jBase:
    """Holds the driver; ``_read`` and ``_write`` run a transaction function."""

    def __init__(
        self,
        uri: str,
        *,
        user: str,
        password: str,
        database: str = "neo4j",
        connect_timeout: float = 5.0,
        retry_seconds: float = 10.0,
    ) -> None:
        check_uri(uri)
        self.uri = uri
        self.database = database
        self._closed = False
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=connect_timeout,
                connection_acquisition_timeout=connect_timeout * 2,
                max_transaction_retry_time=retry_seconds,
                notifications_min_severity=NotificationMinimumSeverity.OFF,
            )
        except (ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"cannot use the Neo4j URI '{uri}': {exc}") from None
        try:
            self._driver.verify_connectivity()
            self._setup()
        except AuthError:
            self._driver.close()
            raise StoreUnavailable(
                f"Neo4j at '{uri}' refused the credentials of user '{user}'"
            ) from None
        except BaseException as exc:
            self._driver.close()
            if isinstance(exc, DriverError | Neo4jError | OSError):
                raise self._unavailable(exc) from None
            raise

    # ---------------------------------------------------------------- life cycle

    def _setup(self) -> None:
        """Constraints, indexes and the change counter; idempotent (IF NOT EXISTS, MERGE).

        Only the statements whose object is missing run (one look at the schema first), so
        opening a store on a prepared database costs two cheap queries, not thirty.
        """
        with self._driver.session(database=self.database) as session:
            present = {
                record["name"]
                for what in ("CONSTRAINTS", "INDEXES")
                for record in session.run(f"SHOW {what} YIELD name")
            }
            missing = [s for s in q.SCHEMA if q.schema_name(s) not in present]
            for statement in missing:
                session.run(statement).consume()
            if missing:
                session.run("CALL db.awaitIndexes(300)").consume()
            session.execute_write(lambda tx: tx.run(q.COUNTER_INIT).consume())

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._driver.close()

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
        what = type(exc).__name__
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else what
        if isinstance(exc, IncompleteCommit):
            detail = f"the connection dropped while committing ({detail})"
        elif isinstance(exc, Neo4jError) and "MemoryPoolOutOfMemory" in (exc.code or ""):
            detail = (
                "the transaction needs more memory than the server allows "
                f"(raise dbms.memory.transaction.total.max or the heap): {exc.message}"
            )
        return StoreUnavailable(f"Neo4j at '{self.uri}' is unavailable: {detail}")

    # ---------------------------------------------------------------- transactions

    def _run(self, write: bool, work: Callable[[Tx], T]) -> T:
        if self._closed:
            raise StoreUnavailable(f"the store for Neo4j at '{self.uri}' is closed")
        try:
            with self._driver.session(database=self.database) as session:
                if write:
                    return session.execute_write(work)
                return session.execute_read(work)
        except (ServiceUnavailable, SessionExpired, IncompleteCommit, TransientError) as exc:
            raise self._unavailable(exc) from None
        except ClientError as exc:
            if exc.code and "Security" in exc.code:
                raise self._unavailable(exc) from None
            raise
        except DriverError as exc:
            raise self._unavailable(exc) from None
        except OSError as exc:
            raise self._unavailable(exc) from None

    def _read(self, work: Callable[[Tx], T]) -> T:
        return self._run(False, work)

    def _write(self, work: Callable[[Tx], T]) -> T:
        return self._run(True, work)

    # ---------------------------------------------------------------- change log

    @staticmethod
    def _log(tx: Tx, entries: list[dict[str, Any]]) -> None:
        """Write change entries (from :func:`entry`) with the next seqs of the store.

        Many entries of one territory, time and author (a bulk write) are stored as
        ``:ChangeBatch`` nodes (see :mod:`.neo4j_cypher`), the rest as ``:Change`` nodes.
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
            tx.run(q.CHANGE_WRITE, rows=entries[start : start + LOG_BATCH]).consume()


def run_once(tx: Tx, query: str, **params: Any) -> list[Record]:
    """Run ``query``, answer its records, then empty its parameters (lists or dicts, made for
    this one call): the driver keeps every query's parameters until the transaction ends, which
    would hold a whole import in memory."""
    records = list(tx.run(query, **params))
    for value in params.values():
        value.clear()
    return records


def _take_seqs(tx: Tx, count: int) -> int:
    """Lock the change counter, move it on by ``count``; answers the first seq taken."""
    tx.run(q.COUNTER_LOCK).consume()
    record = tx.run(q.COUNTER_BUMP, n=count).single(strict=True)
    return int(record["last"]) - count + 1


def log_bulk(tx: Tx, count: int, parts: Iterable[list[dict[str, Any]]]) -> None:
    """Write the ``count`` change entries of one bulk write (one territory, time and author),
    given a part at a time (a big import reads them back from disk), as ``:ChangeBatch`` nodes
    of at most :data:`LOG_BATCH` entries. As ``_log``: call it last in the transaction."""
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
            run_once(tx, q.CHANGE_BATCH_WRITE, batch=batch)
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
