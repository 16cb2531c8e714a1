"""Comments on nodes and decisions on suggestions in the Neo4j store: ``:Comment`` and
``:Decision`` nodes holding their model's fields, listed in the SQLite store's order."""

from __future__ import annotations

from neo4j.exceptions import ConstraintError

from ..errors import AlreadyExists
from ..model import Comment, Decision
from . import cypher_accounts
from .accounts import load_record, require_territory, stored_record
from .database import Database, Tx


def add_comment(db: Database, comment: Comment) -> Comment:
    def work(tx: Tx) -> None:
        require_territory(tx, comment.territory_id)
        if tx.run(cypher_accounts.COMMENT_ID, id=comment.id).single():
            raise AlreadyExists("Comment", comment.id)
        tx.run(
            cypher_accounts.COMMENT_CREATE, p=stored_record(comment, comment.created_at)
        ).consume()

    try:
        db.write(work)
    except ConstraintError:
        raise AlreadyExists("Comment", comment.id) from None
    return comment


def comments(db: Database, node_id: str) -> list[Comment]:
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_accounts.COMMENTS,
                id=node_id,
            )
        )
    )
    return [load_record(Comment, r["p"]) for r in records]


def record_decision(db: Database, decision: Decision) -> Decision:
    def work(tx: Tx) -> None:
        require_territory(tx, decision.territory_id)
        if tx.run(cypher_accounts.DECISION_ID, id=decision.id).single():
            raise AlreadyExists("Decision", decision.id)
        tx.run(cypher_accounts.DECISION_CREATE, p=stored_record(decision, decision.at)).consume()

    try:
        db.write(work)
    except ConstraintError:
        raise AlreadyExists("Decision", decision.id) from None
    return decision


def decisions(db: Database, territory_id: str) -> list[Decision]:
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_accounts.DECISIONS,
                id=territory_id,
            )
        )
    )
    return [load_record(Decision, r["p"]) for r in records]
