"""Invitations in the SQLite store: made by an admin, accepted once by the invited user, who
becomes a member in the same transaction; both are written to the change log."""

from __future__ import annotations

from datetime import datetime

from ..audit import invitation_change
from ..errors import AlreadyExists, NotFound
from ..model import Invitation, Membership
from .accounts import audit, put_membership, record_data, require_territory, require_user
from .database import Database
from .rows import ts


def create_invitation(db: Database, invitation: Invitation, *, by: str | None = None) -> Invitation:
    with db.write() as conn:
        require_territory(conn, invitation.territory_id)
        if conn.execute(
            "SELECT 1 FROM invitations WHERE id = ? OR token_hash = ?",
            (invitation.id, invitation.token_hash),
        ).fetchone():
            raise AlreadyExists("Invitation", invitation.id)
        conn.execute(
            "INSERT INTO invitations (id, territory_id, token_hash, created_at, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                invitation.id,
                invitation.territory_id,
                invitation.token_hash,
                ts(invitation.created_at),
                record_data(invitation),
            ),
        )
        audit(conn, [invitation.territory_id], by, invitation_change(None, invitation))
    return invitation


def find_invitation(db: Database, token_hash: str) -> Invitation | None:
    row = (
        db.conn()
        .execute("SELECT data FROM invitations WHERE token_hash = ?", (token_hash,))
        .fetchone()
    )
    return None if row is None else Invitation.model_validate_json(row[0])


def invitations(db: Database, territory_id: str) -> list[Invitation]:
    rows = db.conn().execute(
        "SELECT data FROM invitations WHERE territory_id = ? ORDER BY created_at, id",
        (territory_id,),
    )
    return [Invitation.model_validate_json(data) for (data,) in rows]


def accept_invitation(
    db: Database, invitation_id: str, user_id: str, *, at: datetime, by: str | None = None
) -> Membership:
    """Mark the invitation accepted by ``user_id`` and make them a member with its role;
    NotFound when it is gone or already accepted (an invitation is used once)."""
    with db.write() as conn:
        row = conn.execute("SELECT data FROM invitations WHERE id = ?", (invitation_id,)).fetchone()
        before = None if row is None else Invitation.model_validate_json(row[0])
        if before is None or before.accepted_at is not None:
            raise NotFound("Invitation", invitation_id)
        require_user(conn, user_id)
        accepted = before.model_copy(update={"accepted_at": at, "accepted_by": user_id})
        conn.execute(
            "UPDATE invitations SET data = ? WHERE id = ?", (record_data(accepted), invitation_id)
        )
        membership = Membership(user_id=user_id, territory_id=before.territory_id, role=before.role)
        put_membership(conn, membership, by)
        audit(conn, [before.territory_id], by, invitation_change(before, accepted))
    return membership
