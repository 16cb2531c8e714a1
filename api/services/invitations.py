"""Invitations: how a person joins a territory. An admin invites an e-mail to a role; pactmap
keeps the hash of a fresh token and shows the token once, to the admin, who passes it on (there
is no mail server). The invitee, signed in with that e-mail, accepts it with the token and
becomes a member, once, before it expires (:data:`INVITATION_DAYS` by default).

Nothing here tells whether an e-mail has an account: an invitation is made the same way for
any e-mail, and a token that is unknown, expired, used, or meant for another e-mail gets one
and the same NotFound.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from pactmap.graph.errors import NotFound, ValidationError
from pactmap.graph.model import Invitation, Membership, Role, utcnow
from pactmap.graph.store import Store, new_id

from ..auth import Caller, Permission
from ..credentials import recent
from ..security import hash_token, new_token
from .accounts import keep_an_admin
from .territories import territory

INVITATION_DAYS = 7
MAX_INVITATION_DAYS = 90
INVITATION_PREFIX = "pmi_"
NO_SUCH = "(this token)"
"""What a refused token is called: the same words whatever the reason."""


def invite(
    store: Store,
    caller: Caller,
    territory_id: str,
    email: str,
    role: Role,
    *,
    expires_in_days: int = INVITATION_DAYS,
) -> tuple[str, Invitation]:
    """A new invitation of ``email`` to ``role`` (admins): its token (shown once) and record."""
    caller.require(territory_id, Permission.ADMIN)
    territory(store, territory_id)
    if not 1 <= expires_in_days <= MAX_INVITATION_DAYS:
        raise ValidationError(
            f"an invitation expires in 1 to {MAX_INVITATION_DAYS} days",
            field="expires_in_days",
            value=expires_in_days,
        )
    plaintext, token_hash = new_token(INVITATION_PREFIX)
    now = utcnow()
    try:
        invitation = Invitation(
            id=new_id("inv"),
            territory_id=territory_id,
            email=email,
            role=role,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + timedelta(days=expires_in_days),
        )
    except ValueError:
        raise ValidationError("this is not an e-mail address", field="email", value=email) from None
    return plaintext, store.create_invitation(invitation, by=caller.by)


def invitations(store: Store, caller: Caller, territory_id: str) -> list[Invitation]:
    """A territory's invitations, never their tokens (admins)."""
    caller.require(territory_id, Permission.ADMIN)
    return store.invitations(territory_id)


def accept(store: Store, caller: Caller, token: str) -> Membership:
    """The signed-in caller accepts the invitation ``token`` was made for: they become a member
    with its role (the last-admin rule holds: accepting a lower role does not demote the last
    admin)."""
    user = caller.require_user()
    found = store.find_invitation(hash_token(token.strip()))
    if (
        found is None
        or found.accepted_at is not None
        or found.expires_at.replace(tzinfo=found.expires_at.tzinfo or UTC) <= utcnow()
        or found.email != user.email
    ):
        raise NotFound("Invitation", NO_SUCH)
    keep_an_admin(store, found.territory_id, user.id, found.role)
    try:
        membership = store.accept_invitation(found.id, user.id, at=utcnow(), by=caller.by)
    except NotFound:  # accepted meanwhile by another request
        raise NotFound("Invitation", NO_SUCH) from None
    caller.roles[found.territory_id] = membership.role
    recent(store).forget()
    return membership
