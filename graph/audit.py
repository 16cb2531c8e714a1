"""What the change log says of account changes: members, API tokens, sessions, passwords and
invitations. Both stores write these entries in the transaction of the change, as they do for
the map's; ``target_type`` is one of :data:`ACCOUNT_TARGETS`, which the map's replay skips.

No entry holds a secret (no hash of a password, token, session or invitation) nor an e-mail
address: a member is named by user id, as ``by`` is; the history service puts names on them.
"""

from __future__ import annotations

from typing import Any

from .checks import Entry
from .model import ApiToken, ChangeOp, Invitation, Role

MEMBERSHIP = "Membership"
API_TOKEN = "ApiToken"  # noqa: S105 - a type name
SESSION = "Session"
PASSWORD = "Password"  # noqa: S105 - a type name
INVITATION = "Invitation"
ACCOUNT_TARGETS = frozenset({MEMBERSHIP, API_TOKEN, SESSION, PASSWORD, INVITATION})


def membership_change(user_id: str, before: Role | None, after: Role | None) -> Entry | None:
    """A member added (before None), their role changed, or removed (after None); None when
    nothing changed."""
    if before == after:
        return None
    op = (
        ChangeOp.CREATE if before is None else ChangeOp.DELETE if after is None else ChangeOp.UPDATE
    )

    def state(role: Role | None) -> dict[str, Any] | None:
        return None if role is None else {"user_id": user_id, "role": role.value}

    return op, user_id, MEMBERSHIP, state(before), state(after)


def token_state(token: ApiToken) -> dict[str, Any]:
    """A token as the log shows it: never its hash."""
    return token.model_dump(mode="json", exclude={"token_hash"})


def token_change(before: ApiToken | None, after: ApiToken) -> Entry:
    op = ChangeOp.CREATE if before is None else ChangeOp.UPDATE
    return (
        op,
        after.id,
        API_TOKEN,
        None if before is None else token_state(before),
        token_state(after),
    )


def session_change(user_id: str, started: bool) -> Entry:
    """A session started (signed in) or ended (signed out) by ``user_id``."""
    state = {"user_id": user_id}
    if started:
        return ChangeOp.CREATE, user_id, SESSION, None, state
    return ChangeOp.DELETE, user_id, SESSION, state, None


def password_change(user_id: str) -> Entry:
    return ChangeOp.UPDATE, user_id, PASSWORD, None, {"user_id": user_id}


def invitation_change(before: Invitation | None, after: Invitation) -> Entry:
    """An invitation made (before None) or accepted; its e-mail and hash stay out of the log."""

    def state(invitation: Invitation) -> dict[str, Any]:
        return invitation.model_dump(mode="json", exclude={"token_hash", "email"})

    op = ChangeOp.CREATE if before is None else ChangeOp.UPDATE
    return op, after.id, INVITATION, None if before is None else state(before), state(after)
