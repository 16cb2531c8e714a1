"""Users and their roles on territories, and signing in.

The last-admin rule lives here and only here: a territory keeps at least one admin, so
demoting or removing its last one is refused (a ValidationError naming the user) before
anything is written.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pactmap.graph.errors import Denied, NotFound, ValidationError
from pactmap.graph.model import Membership, Role, Session, User
from pactmap.graph.store import Store

from ..auth import Caller, check_login, open_session
from ..security import check_password_strength, hash_password
from .territories import require_admin


@dataclass(frozen=True)
class Member:
    user: User
    role: Role


@dataclass(frozen=True)
class AddedUser:
    user: User
    generated_password: str | None
    """The random password a new user got (shown once), None when one was given or kept."""


def members(store: Store, caller: Caller, territory_id: str) -> list[Member]:
    """A territory's members with their roles (admins only)."""
    require_admin(store, caller, territory_id)
    return [
        Member(store.get_user(m.user_id), m.role)
        for m in store.memberships(territory_id=territory_id)
    ]


def memberships(store: Store, user: User) -> dict[str, Role]:
    """The user's role on each territory they belong to."""
    return {m.territory_id: m.role for m in store.memberships(user_id=user.id)}


def _keep_an_admin(store: Store, territory_id: str, user_id: str, role: Role | None) -> None:
    """Refuse to leave the territory without an admin: the user is about to get ``role``
    (None: no role at all) there."""
    if role is Role.ADMIN:
        return
    found: list[Membership] = store.memberships(territory_id=territory_id)
    admins = [m.user_id for m in found if m.role is Role.ADMIN]
    if admins == [user_id]:
        email = store.get_user(user_id).email
        raise ValidationError(
            f"{email} ({user_id}) is the last admin of '{territory_id}': "
            "a territory keeps at least one admin",
            field="userId",
            value=user_id,
        )


def set_member(store: Store, caller: Caller, territory_id: str, email: str, role: Role) -> User:
    """Give an existing user ``role`` on the territory (admins)."""
    require_admin(store, caller, territory_id)
    user = store.find_user(email.strip().lower())
    if user is None:
        raise NotFound("User", email)
    _keep_an_admin(store, territory_id, user.id, role)
    store.set_membership(user.id, territory_id, role)
    return user


def add_user(
    store: Store,
    caller: Caller,
    territory_id: str,
    email: str,
    role: Role,
    *,
    name: str = "",
    password: str | None = None,
) -> AddedUser:
    """Give a user ``role`` on the territory, creating the user when the e-mail is new (with
    ``password``, or a random one returned once); a given password replaces an existing one."""
    if password is not None and (weakness := check_password_strength(password)):
        raise ValidationError(weakness, field="password")
    require_admin(store, caller, territory_id)
    user = store.find_user(email)
    generated = None
    if user is None:
        if password is None:
            password = generated = secrets.token_urlsafe(12)
        user = store.create_user(email, name=name, password_hash=hash_password(password))
    else:
        _keep_an_admin(store, territory_id, user.id, role)
        if password is not None:
            user = store.update_user(user.id, password_hash=hash_password(password))
    store.set_membership(user.id, territory_id, role)
    return AddedUser(user, generated)


def remove_member(store: Store, caller: Caller, territory_id: str, user_id: str) -> None:
    """Take a user's role on the territory away (admins)."""
    require_admin(store, caller, territory_id)
    _keep_an_admin(store, territory_id, user_id, None)
    store.remove_membership(user_id, territory_id)


def erase_user(store: Store, caller: Caller, email: str) -> User:
    """Erase a user's personal data: the account, its memberships, sessions and tokens (the
    change log keeps only the opaque user id). The local caller only: no territory's admin
    owns a whole account. Erasure is a right, so the last-admin rule does not stop it."""
    if caller.local is None:
        raise Denied("only the command line erases a user")
    user = store.find_user(email)
    if user is None:
        raise NotFound("User", email)
    store.delete_user(user.id)
    return user


def login(store: Store, email: str, password: str) -> tuple[User, str, Session] | None:
    """The user these credentials are (active), a new session's cookie value (shown once) and
    what the store keeps; None for wrong credentials."""
    user = check_login(store, email, password)
    if user is None:
        return None
    plaintext, session = open_session(store, user)
    return user, plaintext, session
