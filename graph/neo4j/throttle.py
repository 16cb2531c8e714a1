"""Failed sign-ins counted per key (an account, an address) in the Neo4j store: one
``(:LoginFailures {key, count, last_us})`` node per key, unique by key, so that every server
process on the database sees the same count (see :mod:`pactmap.api.services.logins`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from neo4j.exceptions import ConstraintError

from ..model import LoginFailures
from .codec import epoch_us
from .database import Database, Tx

READ = (
    "UNWIND $keys AS k MATCH (f:LoginFailures {key: k}) "
    "RETURN f.key AS key, f.count AS n, f.last_us AS at"
)
ADD = (
    "UNWIND $keys AS k MERGE (f:LoginFailures {key: k}) "
    "ON CREATE SET f.count = 0, f.last_us = $at "
    "SET f.count = CASE WHEN f.last_us < $forget THEN 1 ELSE f.count + 1 END, f.last_us = $at"
)
CLEAR = "MATCH (f:LoginFailures {key: $key}) DELETE f"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def login_failures(db: Database, keys: Sequence[str]) -> dict[str, LoginFailures]:
    records = db.read(lambda tx: list(tx.run(READ, keys=list(keys))))
    return {
        r["key"]: LoginFailures(
            key=r["key"], count=r["n"], last_at=_EPOCH + timedelta(microseconds=r["at"])
        )
        for r in records
    }


def add_login_failure(
    db: Database, keys: Sequence[str], *, at: datetime, forget_before: datetime
) -> None:
    """One more failure under each key; a count whose last failure is older than
    ``forget_before`` starts again from 1."""

    def work(tx: Tx) -> None:
        tx.run(ADD, keys=list(keys), at=epoch_us(at), forget=epoch_us(forget_before)).consume()

    try:
        db.write(work)
    except ConstraintError:  # another process created the key between MERGE's match and create
        db.write(work)


def clear_login_failures(db: Database, key: str) -> None:
    db.write(lambda tx: tx.run(CLEAR, key=key).consume())
