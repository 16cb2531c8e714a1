"""Who may do what, where: members and their roles, the last-admin rule, API tokens.

Every change goes through here, from GraphQL and from the command line alike, so the rules
hold whichever way a change comes: only an admin changes members and tokens (the command
line's operator too); a territory keeps at least one admin; a token expires in 1 to
:data:`MAX_TOKEN_DAYS` days or never, is named in at most :data:`MAX_TOKEN_NAME` characters,
belongs to the user who made it, and is shown once (only its hash is kept). Every change to
members, tokens and passwords is written to the territory's change log with who made it, in
the transaction of the change (:mod:`pactmap.graph.audit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pactmap.graph.errors import Denied, NotFound, ValidationError
from pactmap.graph.model import ApiToken, Membership, Role, TokenScope, User, utcnow
from pactmap.graph.store import Store, new_id

from ..auth import Caller, Permission
from ..credentials import recent
from ..security import hash_password, new_token
from .territories import territory

MAX_TOKEN_DAYS = 3650
MAX_TOKEN_NAME = 500


@dataclass(frozen=True)
class Member:
    user: User
    role: Role


def keep_an_admin(store: Store, territory_id: str, user_id: str, role: Role | None) -> None:
    """Refuse to leave ``territory_id`` without an admin by giving ``user_id`` ``role`` (None:
    removing them)."""
    if role is Role.ADMIN:
        return
    found = store.memberships(territory_id=territory_id)
    admins = [m.user_id for m in found if m.role is Role.ADMIN]
    if admins == [user_id]:
        raise ValidationError(
            f"a territory keeps at least one admin: '{user_id}' is the last admin of "
            f"'{territory_id}'; make another member admin first",
            field="role" if role is not None else "user_id",
            value=user_id,
        )


def set_member(
    store: Store, caller: Caller, territory_id: str, user_id: str, role: Role
) -> Membership:
    """Give ``user_id`` ``role`` on ``territory_id`` (admins)."""
    caller.require(territory_id, Permission.ADMIN)
    territory(store, territory_id)
    keep_an_admin(store, territory_id, user_id, role)
    membership = store.set_membership(user_id, territory_id, role, by=caller.by)
    recent(store).forget()  # a changed role counts from the next request
    return membership


def change_role(store: Store, caller: Caller, territory_id: str, email: str, role: Role) -> Member:
    """Give the member with ``email`` ``role`` (admins). Someone who is not a member is invited
    instead (:mod:`.invitations`): the answer for a non-member is the same whether the e-mail
    has an account or not."""
    caller.require(territory_id, Permission.ADMIN)
    territory(store, territory_id)
    wanted = email.strip().lower()
    for membership in store.memberships(territory_id=territory_id):
        user = store.get_user(membership.user_id)
        if user.email == wanted:
            set_member(store, caller, territory_id, user.id, role)
            return Member(user, role)
    raise ValidationError(
        f"'{email}' is not a member of this territory; invite them (inviteMember) to add them",
        field="email",
        value=email,
    )


def remove_member(store: Store, caller: Caller, territory_id: str, user_id: str) -> None:
    """Take ``user_id``'s role on ``territory_id`` away (admins)."""
    caller.require(territory_id, Permission.ADMIN)
    keep_an_admin(store, territory_id, user_id, None)
    store.remove_membership(user_id, territory_id, by=caller.by)
    recent(store).forget()


def members(store: Store, caller: Caller, territory_id: str) -> list[Member]:
    """The territory's members with their roles (admins)."""
    caller.require(territory_id, Permission.ADMIN)
    found = store.memberships(territory_id=territory_id)
    return [Member(store.get_user(m.user_id), m.role) for m in found]


def add_user(
    store: Store,
    caller: Caller,
    territory_id: str,
    email: str,
    role: Role,
    *,
    name: str = "",
    password: str | None = None,
) -> tuple[User, Membership]:
    """The user with ``email`` (created with ``password`` when new; a new password replaces
    the old one when given) made ``role`` on the territory."""
    caller.require(territory_id, Permission.ADMIN)
    territory(store, territory_id)
    user = store.find_user(email.strip().lower())
    if user is None:
        user = store.create_user(email, name=name, password_hash=hash_password(password or ""))
    elif password is not None:
        user = store.update_user(user.id, password_hash=hash_password(password), by=caller.by)
    return user, set_member(store, caller, territory_id, user.id, role)


def find_user(store: Store, email: str) -> User:
    user = store.find_user(email.strip().lower())
    if user is None:
        raise NotFound("User", email)
    return user


def create_token(
    store: Store,
    caller: Caller,
    territory_id: str,
    scope: TokenScope,
    *,
    name: str = "",
    expires_in_days: int | None = None,
) -> tuple[str, ApiToken]:
    """A new API token for a partner tool (admins): its plaintext (shown once) and the record."""
    caller.require(territory_id, Permission.ADMIN)
    territory(store, territory_id)
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            f"a token expires in 1 to {MAX_TOKEN_DAYS} days",
            field="expires_in_days",
            value=expires_in_days,
        )
    name = name.strip()
    if len(name) > MAX_TOKEN_NAME:
        raise ValidationError(
            f"a token's name has at most {MAX_TOKEN_NAME} characters",
            field="name",
            value=f"{len(name)} characters",
        )
    plaintext, token_hash = new_token()
    now = utcnow()
    token = ApiToken(
        id=new_id("tok"),
        territory_id=territory_id,
        user_id=caller.user.id if caller.user is not None else None,
        name=name,
        scope=scope,
        token_hash=token_hash,
        created_at=now,
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
    )
    return plaintext, store.create_token(token, by=caller.by)


def tokens(store: Store, caller: Caller, territory_id: str) -> list[ApiToken]:
    """A territory's tokens, never their values (admins)."""
    caller.require(territory_id, Permission.ADMIN)
    return store.tokens(territory_id)


def revoke_token(
    store: Store, caller: Caller, token_id: str, territory_id: str | None = None
) -> ApiToken:
    """Revoke a token of ``territory_id`` (admins); it stops working at once. The command
    line's operator may name the token alone."""
    if territory_id is None and not caller.local:
        raise ValidationError("name the token's territory", field="territory_id")
    if territory_id is not None:
        caller.require(territory_id, Permission.ADMIN)
        if token_id not in {t.id for t in store.tokens(territory_id)}:
            raise NotFound("ApiToken", token_id)
    revoked = store.revoke_token(token_id, at=utcnow(), by=caller.by)
    recent(store).forget()  # it stops working at once in this process
    return revoked


def erase_user(store: Store, caller: Caller, email: str) -> User:
    """Erase a user's personal data: account, memberships, sessions, tokens (the operator)."""
    if not caller.local:
        raise Denied("only the installation's operator erases accounts")
    user = find_user(store, email)
    store.delete_user(
        user.id, by=caller.by
    )  # the right to erasure holds even for a territory's last admin
    recent(store).forget()
    return user
