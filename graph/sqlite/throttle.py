"""Failed sign-ins counted per key (an account, an address) in the SQLite store, so that every
server process on the file sees the same count (see :mod:`pactmap.api.services.logins`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from ..model import LoginFailures
from .database import Database

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _us(at: datetime) -> int:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return (at - _EPOCH) // timedelta(microseconds=1)


def login_failures(db: Database, keys: Sequence[str]) -> dict[str, LoginFailures]:
    rows = db.conn().execute(
        "SELECT key, count, last_us FROM login_failures "
        "WHERE key IN (SELECT value FROM json_each(?))",
        (json.dumps(list(keys)),),
    )
    return {
        key: LoginFailures(key=key, count=count, last_at=_EPOCH + timedelta(microseconds=last_us))
        for key, count, last_us in rows
    }


def add_login_failure(
    db: Database, keys: Sequence[str], *, at: datetime, forget_before: datetime
) -> None:
    """One more failure under each key; a count whose last failure is older than
    ``forget_before`` starts again from 1."""
    with db.write() as conn:
        conn.executemany(
            "INSERT INTO login_failures (key, count, last_us) VALUES (?, 1, ?) "
            "ON CONFLICT(key) DO UPDATE SET "
            "count = CASE WHEN last_us < ? THEN 1 ELSE count + 1 END, last_us = excluded.last_us",
            [(key, _us(at), _us(forget_before)) for key in keys],
        )


def clear_login_failures(db: Database, key: str) -> None:
    with db.write() as conn:
        conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))
