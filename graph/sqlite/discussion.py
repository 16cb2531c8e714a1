"""Comments on nodes and decisions on suggestions in the SQLite store, each kept as the JSON
of its model plus the columns its lists need; a territory's go with it (foreign keys)."""

from __future__ import annotations

from ..errors import AlreadyExists
from ..model import Comment, Decision
from .accounts import record_data, require_territory
from .database import Database
from .rows import ts


def add_comment(db: Database, comment: Comment) -> Comment:
    with db.write() as conn:
        require_territory(conn, comment.territory_id)
        if conn.execute("SELECT 1 FROM comments WHERE id = ?", (comment.id,)).fetchone():
            raise AlreadyExists("Comment", comment.id)
        conn.execute(
            "INSERT INTO comments (id, territory_id, node_id, created_at, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                comment.id,
                comment.territory_id,
                comment.node_id,
                ts(comment.created_at),
                record_data(comment),
            ),
        )
    return comment


def comments(db: Database, node_id: str) -> list[Comment]:
    rows = db.conn().execute(
        "SELECT data FROM comments WHERE node_id = ? ORDER BY created_at, id", (node_id,)
    )
    return [Comment.model_validate_json(data) for (data,) in rows]


def record_decision(db: Database, decision: Decision) -> Decision:
    with db.write() as conn:
        require_territory(conn, decision.territory_id)
        if conn.execute("SELECT 1 FROM decisions WHERE id = ?", (decision.id,)).fetchone():
            raise AlreadyExists("Decision", decision.id)
        conn.execute(
            "INSERT INTO decisions (id, territory_id, at, data) VALUES (?, ?, ?, ?)",
            (decision.id, decision.territory_id, ts(decision.at), record_data(decision)),
        )
    return decision


def decisions(db: Database, territory_id: str) -> list[Decision]:
    rows = db.conn().execute(
        "SELECT data FROM decisions WHERE territory_id = ? ORDER BY at, id", (territory_id,)
    )
    return [Decision.model_validate_json(data) for (data,) in rows]
