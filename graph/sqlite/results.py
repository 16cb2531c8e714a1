"""Analysis results kept in the SQLite store, so that every worker process (and every replica
on one database) reads the one computed first: one row per territory and key, holding the
seq of the change it was computed at and the result's text. A newer seq replaces an older
one; a territory's rows go with it (foreign key)."""

from __future__ import annotations

from .database import Database

_SAVE = (
    "INSERT INTO analysis_results (territory_id, key, seq, data) "
    "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM nodes WHERE id = ?) "
    "ON CONFLICT (territory_id, key) DO UPDATE SET seq = excluded.seq, data = excluded.data "
    "WHERE excluded.seq >= analysis_results.seq"
)


def analysis_result(db: Database, territory_id: str, key: str, seq: int) -> str | None:
    row = (
        db.conn()
        .execute(
            "SELECT data FROM analysis_results WHERE territory_id = ? AND key = ? AND seq = ?",
            (territory_id, key, seq),
        )
        .fetchone()
    )
    return None if row is None else str(row[0])


def save_analysis_result(db: Database, territory_id: str, key: str, seq: int, data: str) -> None:
    with db.write() as conn:
        conn.execute(_SAVE, (territory_id, key, seq, data, territory_id))
        conn.execute(
            "DELETE FROM analysis_results WHERE territory_id = ? AND seq < ?", (territory_id, seq)
        )
