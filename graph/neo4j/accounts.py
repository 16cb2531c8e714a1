"""Users, memberships, API tokens and sessions in the Neo4j store (comments and decisions:
:mod:`.discussion`).

Each record is a node of its own label (``:User``, ``:Membership``, ``:ApiToken``,
``:Session``, ``:Comment``, ``:Decision``) holding its model's JSON fields as properties, with
no relationship to the map. Uniqueness (user id and e-mail, token id and hash, session hash)
is enforced by constraints; lookups go through indexes. Orders are those of the SQLite store.
Given ``by``, a change to members, tokens, sessions or a password is written to the change log
(of the territory concerned, or of each territory of the user) in its transaction
(:mod:`..audit`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel

from ..audit import membership_change, password_change, session_change, token_change
from ..checks import Entry, new_user, updated_user, validated
from ..errors import AlreadyExists, NotFound
from ..model import ApiToken, Membership, Role, Session, User, utcnow
from . import cypher_accounts
from .changelog import entry, write_log
from .codec import epoch_us, public, record_props
from .database import Database, Tx

M = TypeVar("M", bound=BaseModel)


def load_record(cls: type[M], props: Mapping[str, Any]) -> M:
    return cls.model_validate(public(props))


def require_territory(tx: Tx, territory_id: str) -> None:
    if tx.run(cypher_accounts.TERRITORY_ID, id=territory_id).single() is None:
        raise NotFound("Territory", territory_id)


def require_user(tx: Tx, user_id: str) -> None:
    if tx.run(cypher_accounts.USER, id=user_id).single() is None:
        raise NotFound("User", user_id)


def stored_record(record: BaseModel, at: datetime | None = None) -> dict[str, Any]:
    props = record_props(record)
    if at is not None:
        props["_at_us"] = epoch_us(at)  # what lists sort by, whatever the offset
    return props


def audit(tx: Tx, territory_ids: list[str], by: str | None, change: Entry | None) -> None:
    """Write ``change`` to the change log of each territory (nothing without ``by``). Call it
    last in the transaction, as :func:`.changelog.write_log` asks."""
    if by is None or change is None or not territory_ids:
        return
    at = utcnow()
    write_log(tx, [entry(t, at, by, *change) for t in territory_ids])


def _roles_of(tx: Tx, user_id: str) -> dict[str, Role]:
    records = tx.run(cypher_accounts.MEMBERSHIPS, u=user_id, t=None)
    return {r["t"]: Role(r["r"]) for r in records}


def _role(tx: Tx, user_id: str, territory_id: str) -> Role | None:
    records = list(tx.run(cypher_accounts.MEMBERSHIPS, u=user_id, t=territory_id))
    return Role(records[0]["r"]) if records else None


# ------------------------------------------------------------ users


def create_user(db: Database, email: str, *, name: str = "", password_hash: str = "") -> User:
    user = new_user(email, name, password_hash)

    def work(tx: Tx) -> None:
        if tx.run(cypher_accounts.USER_ID_BY_EMAIL, e=user.email).single():
            raise AlreadyExists("User", user.email, "e-mail")
        tx.run(cypher_accounts.USER_CREATE, p=stored_record(user)).consume()

    try:
        db.write(work)
    except ConstraintError:  # a concurrent sign-up took it between check and write
        raise AlreadyExists("User", user.email, "e-mail") from None
    return user


def get_user(db: Database, user_id: str) -> User:
    record = db.read(lambda tx: tx.run(cypher_accounts.USER, id=user_id).single())
    if record is None:
        raise NotFound("User", user_id)
    return load_record(User, record["p"])


def find_user(db: Database, email: str) -> User | None:
    record = db.read(
        lambda tx: tx.run(cypher_accounts.USER_BY_EMAIL, e=email.strip().lower()).single()
    )
    return None if record is None else load_record(User, record["p"])


def update_user(
    db: Database,
    user_id: str,
    *,
    name: str | None = None,
    password_hash: str | None = None,
    active: bool | None = None,
    by: str | None = None,
) -> User:
    def work(tx: Tx) -> User:
        record = tx.run(cypher_accounts.USER_LOCK, id=user_id).single()
        if record is None:
            raise NotFound("User", user_id)
        user = updated_user(load_record(User, record["p"]), name, password_hash, active)
        tx.run(cypher_accounts.USER_REPLACE, id=user_id, p=stored_record(user)).consume()
        if password_hash is not None:
            audit(tx, sorted(_roles_of(tx, user_id)), by, password_change(user_id))
        return user

    return db.write(work)


def delete_user(db: Database, user_id: str, *, by: str | None = None) -> None:
    def work(tx: Tx) -> None:
        roles = _roles_of(tx, user_id)
        record = tx.run(cypher_accounts.USER_DELETE, id=user_id).single(strict=True)
        if record["n"] == 0:
            raise NotFound("User", user_id)
        for statement in cypher_accounts.USER_PARTS_DELETE:
            tx.run(statement, id=user_id).consume()
        for territory_id, role in sorted(roles.items()):
            audit(tx, [territory_id], by, membership_change(user_id, role, None))

    db.write(work)


# ------------------------------------------------------------ memberships


def put_membership(tx: Tx, membership: Membership, by: str | None) -> None:
    """Give the member their role (in the caller's transaction), logged with ``by``; the log is
    written last, as :func:`.changelog.write_log` asks."""
    user_id, territory_id = membership.user_id, membership.territory_id
    before = _role(tx, user_id, territory_id)
    tx.run(
        cypher_accounts.MEMBERSHIP_SET,
        key=f"{user_id}|{territory_id}",
        p=stored_record(membership),
    ).consume()
    audit(tx, [territory_id], by, membership_change(user_id, before, membership.role))


def set_membership(
    db: Database, user_id: str, territory_id: str, role: Role, *, by: str | None = None
) -> Membership:
    membership = validated(
        Membership, {"user_id": user_id, "territory_id": territory_id, "role": role}
    )

    def work(tx: Tx) -> None:
        require_user(tx, user_id)
        require_territory(tx, territory_id)
        put_membership(tx, membership, by)

    db.write(work)
    return membership


def remove_membership(
    db: Database, user_id: str, territory_id: str, *, by: str | None = None
) -> None:
    def work(tx: Tx) -> None:
        before = _role(tx, user_id, territory_id)
        record = tx.run(
            cypher_accounts.MEMBERSHIP_DELETE,
            key=f"{user_id}|{territory_id}",
        ).single(strict=True)
        if record["n"] == 0:
            raise NotFound("Membership", f"{user_id}/{territory_id}")
        audit(tx, [territory_id], by, membership_change(user_id, before, None))

    db.write(work)


def memberships(
    db: Database, *, user_id: str | None = None, territory_id: str | None = None
) -> list[Membership]:
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_accounts.MEMBERSHIPS,
                u=user_id,
                t=territory_id,
            )
        )
    )
    return [Membership(user_id=r["u"], territory_id=r["t"], role=Role(r["r"])) for r in records]


# ------------------------------------------------------------ tokens and sessions


def create_token(db: Database, token: ApiToken, *, by: str | None = None) -> ApiToken:
    def work(tx: Tx) -> None:
        require_territory(tx, token.territory_id)
        if token.user_id is not None:
            require_user(tx, token.user_id)
        if tx.run(cypher_accounts.API_KEY_ID, id=token.id).single():
            raise AlreadyExists("ApiToken", token.id)
        if tx.run(cypher_accounts.API_KEY_ID_BY_HASH, h=token.token_hash).single():
            raise AlreadyExists("ApiToken", "(hidden)", "this hash")
        tx.run(cypher_accounts.API_KEY_CREATE, p=stored_record(token, token.created_at)).consume()
        audit(tx, [token.territory_id], by, token_change(None, token))

    try:
        db.write(work)
    except ConstraintError:
        raise AlreadyExists("ApiToken", token.id) from None
    return token


def find_token(db: Database, token_hash: str) -> ApiToken | None:
    record = db.read(lambda tx: tx.run(cypher_accounts.API_KEY_BY_HASH, h=token_hash).single())
    return None if record is None else load_record(ApiToken, record["p"])


def tokens(db: Database, territory_id: str) -> list[ApiToken]:
    records = db.read(
        lambda tx: list(
            tx.run(
                cypher_accounts.API_KEYS,
                id=territory_id,
            )
        )
    )
    return [load_record(ApiToken, r["p"]) for r in records]


def revoke_token(db: Database, token_id: str, *, at: datetime, by: str | None = None) -> ApiToken:
    def work(tx: Tx) -> ApiToken:
        record = tx.run(
            cypher_accounts.API_KEY_LOCK,
            id=token_id,
        ).single()
        if record is None:
            raise NotFound("ApiToken", token_id)
        token = before = load_record(ApiToken, record["p"])
        if token.revoked_at is None:  # the first revocation is the one that counts
            token = token.model_copy(update={"revoked_at": at})
        tx.run(
            cypher_accounts.API_KEY_REPLACE,
            id=token_id,
            p=stored_record(token, token.created_at),
        ).consume()
        if before.revoked_at is None:
            audit(tx, [token.territory_id], by, token_change(before, token))
        return token

    return db.write(work)


def create_session(db: Database, session: Session, *, by: str | None = None) -> Session:
    def work(tx: Tx) -> None:
        require_user(tx, session.user_id)
        if tx.run(cypher_accounts.SESSION_USER, h=session.token_hash).single():
            raise AlreadyExists("Session", "(hidden)", "this hash")
        tx.run(cypher_accounts.SESSION_CREATE, p=stored_record(session)).consume()
        user_id = session.user_id
        audit(tx, sorted(_roles_of(tx, user_id)), by, session_change(user_id, True))

    try:
        db.write(work)
    except ConstraintError:
        raise AlreadyExists("Session", "(hidden)", "this hash") from None
    return session


def find_session(db: Database, token_hash: str) -> Session | None:
    record = db.read(lambda tx: tx.run(cypher_accounts.SESSION, h=token_hash).single())
    return None if record is None else load_record(Session, record["p"])


def delete_session(db: Database, token_hash: str, *, by: str | None = None) -> None:
    def work(tx: Tx) -> None:
        record = tx.run(cypher_accounts.SESSION_DELETE, h=token_hash).single()
        if record is not None:
            user_id = record["u"]
            audit(tx, sorted(_roles_of(tx, user_id)), by, session_change(user_id, False))

    db.write(work)
