"""The Neo4j store's database: the driver, managed transactions and error mapping.

Every operation opens a fresh session (cheap: sessions borrow pooled connections), so a
connection that died while Neo4j was away is never reused; the driver reconnects by itself.
Work runs in managed transactions (``execute_read`` / ``execute_write``), which the driver
retries on transient errors for up to ``retry_seconds``; the transaction functions given to
them are replayable (they compute everything from their inputs and the data they read).
Driver errors leave as :class:`~pactmap.graph.errors.StoreUnavailable` naming the URI.
"""

from __future__ import annotations

from collections.abc import Callable
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

from ..errors import StoreUnavailable
from . import cypher_schema

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


class Database:
    """The driver of one Neo4j database (reached, and its schema set up, at construction);
    ``read`` and ``write`` run a transaction function in a managed transaction."""

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
                for statement in cypher_schema.SHOW_SCHEMA
                for record in session.run(statement)
            }
            missing = [
                s for s in cypher_schema.SCHEMA if cypher_schema.schema_name(s) not in present
            ]
            for statement in missing:
                session.run(statement).consume()
            if missing:
                session.run(cypher_schema.AWAIT_INDEXES).consume()
            session.execute_write(lambda tx: tx.run(cypher_schema.COUNTER_INIT).consume())

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

    def read(self, work: Callable[[Tx], T]) -> T:
        return self._run(False, work)

    def write(self, work: Callable[[Tx], T]) -> T:
        return self._run(True, work)


def run_once(tx: Tx, query: str, **params: Any) -> list[Record]:
    """Run ``query``, answer its records, then empty its parameters (lists or dicts, made for
    this one call): the driver keeps every query's parameters until the transaction ends, which
    would hold a whole import in memory."""
    records = list(tx.run(query, **params))
    for value in params.values():
        value.clear()
    return records
