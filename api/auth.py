"""Who is calling, and what they may do on each territory.

A caller is a signed-in user (session cookie), a partner tool (``Authorization: Bearer``
token, scoped to one territory) or nobody. Roles are per territory::

    admin        everything, plus members and tokens
    coordinator  edits the map (create, update, delete, link, contract moves, measurements)
    facilitator  reads, runs analyses, drafts contracts, comments
    viewer       reads

A read token acts as a viewer on its territory, a write token as a coordinator; a token that
belongs to a user never exceeds that user's current role. Nobody reads a territory they hold
no role on: :meth:`Caller.require` raises :class:`Denied` with ``hidden`` set, which the API
answers as "not found" so that another territory's ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pactmap.graph.errors import AuthError as AuthError  # re-exported for the API modules
from pactmap.graph.errors import Denied as Denied
from pactmap.graph.errors import NotFound
from pactmap.graph.model import ROLE_RANK, ApiToken, Role, Session, TokenScope, User, utcnow
from pactmap.graph.store import Store

from .credentials import recent
from .security import SESSION_PREFIX, hash_password, hash_token, new_token, verify_password

SESSION_COOKIE = "pactmap_session"
SESSION_DAYS = 14
BEARER = "bearer "


class Permission(StrEnum):
    READ = "read"
    ANALYSE = "analyse"
    COMMENT = "comment"
    DRAFT = "draft contracts"
    EDIT = "edit"
    ADMIN = "administer"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.FACILITATOR: frozenset(
        {Permission.READ, Permission.ANALYSE, Permission.COMMENT, Permission.DRAFT}
    ),
    Role.COORDINATOR: frozenset(set(Permission) - {Permission.ADMIN}),
    Role.ADMIN: frozenset(Permission),
}
TOKEN_ROLE: dict[TokenScope, Role] = {
    TokenScope.READ: Role.VIEWER,
    TokenScope.WRITE: Role.COORDINATOR,
}


@dataclass
class Caller:
    """Who asks: a user, a token, nobody, or (``local``) the operator at the command line, who
    holds every right on every territory of this installation."""

    user: User | None = None
    token: ApiToken | None = None
    roles: dict[str, Role] = field(default_factory=dict)
    local: bool = False

    @property
    def by(self) -> str:
        """How the change log names this caller."""
        if self.local:
            return LOCAL_BY
        if self.token is not None:
            return f"token:{self.token.id}"
        return self.user.id if self.user is not None else "anonymous"

    @property
    def authenticated(self) -> bool:
        return self.user is not None or self.token is not None

    def role_on(self, territory_id: str) -> Role | None:
        return self.roles.get(territory_id)

    def can(self, territory_id: str, permission: Permission) -> bool:
        if self.local:
            return True
        role = self.roles.get(territory_id)
        return role is not None and permission in GRANTS[role]

    def require(self, territory_id: str, permission: Permission) -> None:
        if self.local:
            return
        role = self.roles.get(territory_id)
        if role is None:
            raise Denied(f"no territory '{territory_id}' that you can see", hidden=True)
        if permission not in GRANTS[role]:
            raise Denied(f"a {role.value} may not {permission.value} on '{territory_id}'")

    def require_user(self) -> User:
        if self.user is None or self.token is not None:
            raise Denied("this needs a signed-in user (not an API token)")
        return self.user


ANONYMOUS = Caller()
LOCAL_BY = "cli"
"""How the change log names a change made from the command line."""
LOCAL = Caller(local=True)
"""The command line's caller: whoever runs ``pactmap`` on the server can do anything."""


def caller_for_user(store: Store, user: User) -> Caller:
    if not user.active:
        return ANONYMOUS
    roles = {m.territory_id: m.role for m in store.memberships(user_id=user.id)}
    return Caller(user=user, roles=roles)


def caller_for_token(store: Store, token: ApiToken, *, now: datetime | None = None) -> Caller:
    """The caller a token stands for; raises AuthError when it is revoked or expired."""
    now = now or utcnow()
    if token.revoked_at is not None:
        raise AuthError(f"the API token '{token.id}' was revoked on {token.revoked_at:%Y-%m-%d}")
    if token.expires_at is not None and _aware(token.expires_at) <= now:
        raise AuthError(f"the API token '{token.id}' expired on {token.expires_at:%Y-%m-%d}")
    role = TOKEN_ROLE[token.scope]
    user = None
    if token.user_id is not None:
        try:
            user = store.get_user(token.user_id)
        except NotFound:
            raise AuthError(f"the API token '{token.id}' belongs to a removed user") from None
        member = caller_for_user(store, user).role_on(token.territory_id)
        if member is None:
            raise AuthError(f"the API token '{token.id}' belongs to a user no longer a member")
        role = min(role, member, key=ROLE_RANK.__getitem__)
    return Caller(user=user, token=token, roles={token.territory_id: role})


def authenticate(
    store: Store, *, authorization: str | None, session: str | None, fresh: bool = False
) -> Caller:
    """The caller behind a request's ``Authorization`` header or session cookie.

    A bearer token wins over the cookie; a bad token raises AuthError (a partner tool should
    hear why); a stale or unknown session cookie is simply anonymous. A caller is remembered
    for a second (:mod:`.credentials`); ``fresh`` reads the store regardless (a live
    subscription rechecking that its credentials still hold).
    """
    memory = recent(store)
    if authorization:
        if not authorization.lower().startswith(BEARER):
            raise AuthError("the Authorization header must be 'Bearer <token>'")
        plaintext = authorization[len(BEARER) :].strip()
        key = f"token:{hash_token(plaintext)}"
        if not fresh and (known := memory.get(key)) is not None:
            return known
        token = store.find_token(hash_token(plaintext)) if plaintext else None
        if token is None:
            raise AuthError("the API token is not known")
        caller = caller_for_token(store, token)
        memory.put(key, caller)
        return caller
    if session:
        key = f"session:{hash_token(session)}"
        if not fresh and (known := memory.get(key)) is not None:
            return known
        found = store.find_session(hash_token(session))
        if found is None or _aware(found.expires_at) <= utcnow():
            return ANONYMOUS
        try:
            caller = caller_for_user(store, store.get_user(found.user_id))
        except NotFound:
            return ANONYMOUS
        memory.put(key, caller)
        return caller
    return ANONYMOUS


def remembered(store: Store, *, authorization: str | None, session: str | None) -> Caller | None:
    """The caller :func:`authenticate` remembers for these credentials (within its second),
    else None: no store read, so the event loop can ask before handing work to a thread."""
    if authorization:
        if not authorization.lower().startswith(BEARER):
            return None
        plaintext = authorization[len(BEARER) :].strip()
        return recent(store).get(f"token:{hash_token(plaintext)}") if plaintext else None
    if session:
        return recent(store).get(f"session:{hash_token(session)}")
    return ANONYMOUS


_DUMMY_HASH = hash_password("not a real password, only for constant-time misses")


def check_login(store: Store, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are (active), or None; as slow either way."""
    user = store.find_user(email.strip().lower())
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def open_session(store: Store, user: User) -> tuple[str, Session]:
    """A new session for ``user``: the cookie value (shown once) and what the store keeps."""
    plaintext, token_hash = new_token(SESSION_PREFIX)
    now = utcnow()
    session = Session(
        token_hash=token_hash,
        user_id=user.id,
        created_at=now,
        expires_at=now + timedelta(days=SESSION_DAYS),
    )
    store.create_session(session, by=user.id)  # written to the audit log of their territories
    return plaintext, session


def close_session(store: Store, plaintext: str, *, by: str) -> None:
    store.delete_session(hash_token(plaintext), by=by)
    recent(store).forget()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
