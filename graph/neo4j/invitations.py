"""Invitations in the Neo4j store (``:Invitation`` nodes, unique by id and token hash): made by
an admin, accepted once by the invited user, who becomes a member in the same transaction;
both are written to the change log."""

from __future__ import annotations

from datetime import datetime

from neo4j.exceptions import ConstraintError

from ..audit import invitation_change
from ..errors import AlreadyExists, NotFound
from ..model import Invitation, Membership
from .accounts import (
    audit,
    load_record,
    put_membership,
    require_territory,
    require_user,
    stored_record,
)
from .database import Database, Tx

CREATE = "CREATE (i:Invitation) SET i = $p"
EXISTS = "MATCH (i:Invitation) WHERE i.id = $id OR i.token_hash = $h RETURN i.id LIMIT 1"
BY_HASH = "MATCH (i:Invitation {token_hash: $h}) RETURN properties(i) AS p"
OF_TERRITORY = (
    "MATCH (i:Invitation {territory_id: $id}) RETURN properties(i) AS p ORDER BY i._at_us, i.id"
)
LOCK = "MATCH (i:Invitation {id: $id}) SET i._lock = true RETURN properties(i) AS p"
REPLACE = "MATCH (i:Invitation {id: $id}) SET i = $p"


def create_invitation(db: Database, invitation: Invitation, *, by: str | None = None) -> Invitation:
    def work(tx: Tx) -> None:
        require_territory(tx, invitation.territory_id)
        if tx.run(EXISTS, id=invitation.id, h=invitation.token_hash).single():
            raise AlreadyExists("Invitation", invitation.id)
        tx.run(CREATE, p=stored_record(invitation, invitation.created_at)).consume()
        audit(tx, [invitation.territory_id], by, invitation_change(None, invitation))

    try:
        db.write(work)
    except ConstraintError:
        raise AlreadyExists("Invitation", invitation.id) from None
    return invitation


def find_invitation(db: Database, token_hash: str) -> Invitation | None:
    record = db.read(lambda tx: tx.run(BY_HASH, h=token_hash).single())
    return None if record is None else load_record(Invitation, record["p"])


def invitations(db: Database, territory_id: str) -> list[Invitation]:
    records = db.read(lambda tx: list(tx.run(OF_TERRITORY, id=territory_id)))
    return [load_record(Invitation, r["p"]) for r in records]


def accept_invitation(
    db: Database, invitation_id: str, user_id: str, *, at: datetime, by: str | None = None
) -> Membership:
    """Mark the invitation accepted by ``user_id`` and make them a member with its role;
    NotFound when it is gone or already accepted (an invitation is used once)."""

    def work(tx: Tx) -> Membership:
        record = tx.run(LOCK, id=invitation_id).single()
        before = None if record is None else load_record(Invitation, record["p"])
        if before is None or before.accepted_at is not None:
            raise NotFound("Invitation", invitation_id)
        require_user(tx, user_id)
        accepted = before.model_copy(update={"accepted_at": at, "accepted_by": user_id})
        tx.run(REPLACE, id=invitation_id, p=stored_record(accepted, accepted.created_at)).consume()
        membership = Membership(user_id=user_id, territory_id=before.territory_id, role=before.role)
        put_membership(tx, membership, by)
        audit(tx, [before.territory_id], by, invitation_change(before, accepted))
        return membership

    return db.write(work)
