"""Users, memberships, API tokens and sessions in the SQLite store (comments and decisions:
:mod:`.discussion`).

Each record is kept as the JSON of its model plus the columns its lookups need. Erasing a
user removes their memberships, tokens and sessions through foreign keys. Given ``by``, a
change to members, tokens, sessions or a password is written to the change log (of the
territory concerned, or of each territory of the user) in its transaction (:mod:`..audit`).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from pydantic import BaseModel

from ..audit import membership_change, password_change, session_change, token_change
from ..checks import Entry, new_user, updated_user, validated
from ..errors import AlreadyExists, NotFound
from ..model import (
    ApiToken,
    Membership,
    NodeKind,
    Role,
    Session,
    User,
    utcnow,
)
from ..store import dumps
from .database import Database
from .rows import change_row, ts, write_log


def record_data(model: BaseModel) -> str:
    return dumps(model.model_dump(mode="json"))


def require_territory(conn: sqlite3.Connection, territory_id: str) -> None:
    row = conn.execute("SELECT kind FROM nodes WHERE id = ?", (territory_id,)).fetchone()
    if row is None or row[0] != NodeKind.TERRITORY.value:
        raise NotFound("Territory", territory_id)


def require_user(conn: sqlite3.Connection, user_id: str) -> None:
    if conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
        raise NotFound("User", user_id)


def audit(
    conn: sqlite3.Connection, territory_ids: list[str], by: str | None, entry: Entry | None
) -> None:
    """Write ``entry`` to the change log of each territory (nothing without ``by``)."""
    if by is None or entry is None:
        return
    at = ts(utcnow())
    write_log(conn, [change_row(t, at, by, *entry) for t in territory_ids])


def _territories_of(conn: sqlite3.Connection, user_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT territory_id FROM memberships WHERE user_id = ? ORDER BY territory_id", (user_id,)
    )
    return [t for (t,) in rows]


def _role(conn: sqlite3.Connection, user_id: str, territory_id: str) -> Role | None:
    row = conn.execute(
        "SELECT role FROM memberships WHERE user_id = ? AND territory_id = ?",
        (user_id, territory_id),
    ).fetchone()
    return None if row is None else Role(row[0])


# ------------------------------------------------------------ users


def create_user(db: Database, email: str, *, name: str = "", password_hash: str = "") -> User:
    user = new_user(email, name, password_hash)
    with db.write() as conn:
        taken = conn.execute("SELECT 1 FROM users WHERE email = ?", (user.email,)).fetchone()
        if taken:
            raise AlreadyExists("User", user.email, "e-mail")
        conn.execute(
            "INSERT INTO users (id, email, data) VALUES (?, ?, ?)",
            (user.id, user.email, record_data(user)),
        )
    return user


def get_user(db: Database, user_id: str) -> User:
    row = db.conn().execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise NotFound("User", user_id)
    return User.model_validate_json(row[0])


def find_user(db: Database, email: str) -> User | None:
    row = (
        db.conn()
        .execute("SELECT data FROM users WHERE email = ?", (email.strip().lower(),))
        .fetchone()
    )
    return None if row is None else User.model_validate_json(row[0])


def update_user(
    db: Database,
    user_id: str,
    *,
    name: str | None = None,
    password_hash: str | None = None,
    active: bool | None = None,
    by: str | None = None,
) -> User:
    with db.write() as conn:
        row = conn.execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise NotFound("User", user_id)
        user = updated_user(User.model_validate_json(row[0]), name, password_hash, active)
        conn.execute("UPDATE users SET data = ? WHERE id = ?", (record_data(user), user_id))
        if password_hash is not None:
            audit(conn, _territories_of(conn, user_id), by, password_change(user_id))
    return user


def delete_user(db: Database, user_id: str, *, by: str | None = None) -> None:
    with db.write() as conn:
        for territory_id, role in conn.execute(
            "SELECT territory_id, role FROM memberships WHERE user_id = ?", (user_id,)
        ).fetchall():
            audit(conn, [territory_id], by, membership_change(user_id, Role(role), None))
        if conn.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 0:
            raise NotFound("User", user_id)


# ------------------------------------------------------------ memberships


def put_membership(conn: sqlite3.Connection, membership: Membership, by: str | None) -> None:
    """Give the member their role (in the caller's transaction), logged with ``by``."""
    user_id, territory_id = membership.user_id, membership.territory_id
    before = _role(conn, user_id, territory_id)
    audit(conn, [territory_id], by, membership_change(user_id, before, membership.role))
    conn.execute(
        "INSERT INTO memberships (user_id, territory_id, role) VALUES (?, ?, ?) "
        "ON CONFLICT(user_id, territory_id) DO UPDATE SET role = excluded.role",
        (user_id, territory_id, membership.role.value),
    )


def set_membership(
    db: Database, user_id: str, territory_id: str, role: Role, *, by: str | None = None
) -> Membership:
    membership = validated(
        Membership, {"user_id": user_id, "territory_id": territory_id, "role": role}
    )
    with db.write() as conn:
        require_user(conn, user_id)
        require_territory(conn, territory_id)
        put_membership(conn, membership, by)
    return membership


def remove_membership(
    db: Database, user_id: str, territory_id: str, *, by: str | None = None
) -> None:
    with db.write() as conn:
        before = _role(conn, user_id, territory_id)
        audit(conn, [territory_id], by, membership_change(user_id, before, None))
        gone = conn.execute(
            "DELETE FROM memberships WHERE user_id = ? AND territory_id = ?",
            (user_id, territory_id),
        ).rowcount
        if gone == 0:
            raise NotFound("Membership", f"{user_id}/{territory_id}")


def memberships(
    db: Database, *, user_id: str | None = None, territory_id: str | None = None
) -> list[Membership]:
    rows = db.conn().execute(
        "SELECT user_id, territory_id, role FROM memberships "
        "WHERE (? IS NULL OR user_id = ?) AND (? IS NULL OR territory_id = ?) "
        "ORDER BY user_id, territory_id",
        (user_id, user_id, territory_id, territory_id),
    )
    return [Membership(user_id=u, territory_id=t, role=Role(r)) for u, t, r in rows]


# ------------------------------------------------------------ tokens and sessions


def create_token(db: Database, token: ApiToken, *, by: str | None = None) -> ApiToken:
    with db.write() as conn:
        require_territory(conn, token.territory_id)
        if token.user_id is not None:
            require_user(conn, token.user_id)
        if conn.execute("SELECT 1 FROM tokens WHERE id = ?", (token.id,)).fetchone():
            raise AlreadyExists("ApiToken", token.id)
        if conn.execute(
            "SELECT 1 FROM tokens WHERE token_hash = ?", (token.token_hash,)
        ).fetchone():
            raise AlreadyExists("ApiToken", "(hidden)", "this hash")
        conn.execute(
            "INSERT INTO tokens (id, territory_id, user_id, token_hash, created_at, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                token.id,
                token.territory_id,
                token.user_id,
                token.token_hash,
                ts(token.created_at),
                record_data(token),
            ),
        )
        audit(conn, [token.territory_id], by, token_change(None, token))
    return token


def find_token(db: Database, token_hash: str) -> ApiToken | None:
    row = (
        db.conn().execute("SELECT data FROM tokens WHERE token_hash = ?", (token_hash,)).fetchone()
    )
    return None if row is None else ApiToken.model_validate_json(row[0])


def tokens(db: Database, territory_id: str) -> list[ApiToken]:
    rows = db.conn().execute(
        "SELECT data FROM tokens WHERE territory_id = ? ORDER BY created_at, id",
        (territory_id,),
    )
    return [ApiToken.model_validate_json(data) for (data,) in rows]


def revoke_token(db: Database, token_id: str, *, at: datetime, by: str | None = None) -> ApiToken:
    with db.write() as conn:
        row = conn.execute("SELECT data FROM tokens WHERE id = ?", (token_id,)).fetchone()
        if row is None:
            raise NotFound("ApiToken", token_id)
        token = ApiToken.model_validate_json(row[0])
        if token.revoked_at is None:  # the first revocation is the one that counts
            before, token = token, token.model_copy(update={"revoked_at": at})
            conn.execute("UPDATE tokens SET data = ? WHERE id = ?", (record_data(token), token_id))
            audit(conn, [token.territory_id], by, token_change(before, token))
    return token


def create_session(db: Database, session: Session, *, by: str | None = None) -> Session:
    with db.write() as conn:
        require_user(conn, session.user_id)
        if conn.execute(
            "SELECT 1 FROM sessions WHERE token_hash = ?", (session.token_hash,)
        ).fetchone():
            raise AlreadyExists("Session", "(hidden)", "this hash")
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, data) VALUES (?, ?, ?)",
            (session.token_hash, session.user_id, record_data(session)),
        )
        audit(
            conn, _territories_of(conn, session.user_id), by, session_change(session.user_id, True)
        )
    return session


def find_session(db: Database, token_hash: str) -> Session | None:
    row = (
        db.conn()
        .execute("SELECT data FROM sessions WHERE token_hash = ?", (token_hash,))
        .fetchone()
    )
    return None if row is None else Session.model_validate_json(row[0])


def delete_session(db: Database, token_hash: str, *, by: str | None = None) -> None:
    with db.write() as conn:
        row = conn.execute(
            "DELETE FROM sessions WHERE token_hash = ? RETURNING user_id", (token_hash,)
        ).fetchone()
        if row is not None:
            audit(conn, _territories_of(conn, row[0]), by, session_change(row[0], False))


# ------------------------------------------------------------ comments and decisions
