"""Users, memberships, API tokens, sessions, comments and decisions in the SQLite store.

Each record is kept as the JSON of its model plus the columns its lookups need. Erasing a
user removes their memberships, tokens and sessions through foreign keys.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from .errors import AlreadyExists, NotFound, Problem, ValidationError
from .model import (
    ApiToken,
    Comment,
    Decision,
    Membership,
    NodeKind,
    Role,
    Session,
    User,
    utcnow,
)
from .sqlite_base import SqliteBase, ts
from .store import dumps, new_id

M = TypeVar("M", bound=BaseModel)


def _model(cls: type[M], data: dict[str, object]) -> M:
    try:
        return cls.model_validate(data)
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                Problem(".".join(str(p) for p in e["loc"]), e["msg"], e.get("input"))
                for e in exc.errors()
            ]
        ) from None


def _data(model: BaseModel) -> str:
    return dumps(model.model_dump(mode="json"))


class SqliteAccounts(SqliteBase):
    """The account and discussion half of the SQLite store."""

    def _require_territory(self, conn: sqlite3.Connection, territory_id: str) -> None:
        row = conn.execute("SELECT kind FROM nodes WHERE id = ?", (territory_id,)).fetchone()
        if row is None or row[0] != NodeKind.TERRITORY.value:
            raise NotFound("Territory", territory_id)

    def _require_user(self, conn: sqlite3.Connection, user_id: str) -> None:
        if conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
            raise NotFound("User", user_id)

    # ------------------------------------------------------------ users

    def create_user(self, email: str, *, name: str = "", password_hash: str = "") -> User:
        user = _model(
            User,
            {
                "id": new_id("usr"),
                "email": email,
                "name": name,
                "password_hash": password_hash,
                "created_at": utcnow(),
            },
        )
        with self._write() as conn:
            taken = conn.execute("SELECT 1 FROM users WHERE email = ?", (user.email,)).fetchone()
            if taken:
                raise AlreadyExists("User", user.email, "e-mail")
            conn.execute(
                "INSERT INTO users (id, email, data) VALUES (?, ?, ?)",
                (user.id, user.email, _data(user)),
            )
        return user

    def get_user(self, user_id: str) -> User:
        row = self._conn().execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise NotFound("User", user_id)
        return User.model_validate_json(row[0])

    def find_user(self, email: str) -> User | None:
        row = (
            self._conn()
            .execute("SELECT data FROM users WHERE email = ?", (email.strip().lower(),))
            .fetchone()
        )
        return None if row is None else User.model_validate_json(row[0])

    def update_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        password_hash: str | None = None,
        active: bool | None = None,
    ) -> User:
        with self._write() as conn:
            row = conn.execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
            if row is None:
                raise NotFound("User", user_id)
            data = User.model_validate_json(row[0]).model_dump()
            for key, value in (
                ("name", name),
                ("password_hash", password_hash),
                ("active", active),
            ):
                if value is not None:
                    data[key] = value
            user = _model(User, data)
            conn.execute("UPDATE users SET data = ? WHERE id = ?", (_data(user), user_id))
        return user

    def delete_user(self, user_id: str) -> None:
        with self._write() as conn:
            if conn.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 0:
                raise NotFound("User", user_id)

    # ------------------------------------------------------------ memberships

    def set_membership(self, user_id: str, territory_id: str, role: Role) -> Membership:
        membership = _model(
            Membership, {"user_id": user_id, "territory_id": territory_id, "role": role}
        )
        with self._write() as conn:
            self._require_user(conn, user_id)
            self._require_territory(conn, territory_id)
            conn.execute(
                "INSERT INTO memberships (user_id, territory_id, role) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id, territory_id) DO UPDATE SET role = excluded.role",
                (user_id, territory_id, membership.role.value),
            )
        return membership

    def remove_membership(self, user_id: str, territory_id: str) -> None:
        with self._write() as conn:
            gone = conn.execute(
                "DELETE FROM memberships WHERE user_id = ? AND territory_id = ?",
                (user_id, territory_id),
            ).rowcount
            if gone == 0:
                raise NotFound("Membership", f"{user_id}/{territory_id}")

    def memberships(
        self, *, user_id: str | None = None, territory_id: str | None = None
    ) -> list[Membership]:
        rows = self._conn().execute(
            "SELECT user_id, territory_id, role FROM memberships "
            "WHERE (? IS NULL OR user_id = ?) AND (? IS NULL OR territory_id = ?) "
            "ORDER BY user_id, territory_id",
            (user_id, user_id, territory_id, territory_id),
        )
        return [Membership(user_id=u, territory_id=t, role=Role(r)) for u, t, r in rows]

    # ------------------------------------------------------------ tokens and sessions

    def create_token(self, token: ApiToken) -> ApiToken:
        with self._write() as conn:
            self._require_territory(conn, token.territory_id)
            if token.user_id is not None:
                self._require_user(conn, token.user_id)
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
                    _data(token),
                ),
            )
        return token

    def find_token(self, token_hash: str) -> ApiToken | None:
        row = (
            self._conn()
            .execute("SELECT data FROM tokens WHERE token_hash = ?", (token_hash,))
            .fetchone()
        )
        return None if row is None else ApiToken.model_validate_json(row[0])

    def tokens(self, territory_id: str) -> list[ApiToken]:
        rows = self._conn().execute(
            "SELECT data FROM tokens WHERE territory_id = ? ORDER BY created_at, id",
            (territory_id,),
        )
        return [ApiToken.model_validate_json(data) for (data,) in rows]

    def revoke_token(self, token_id: str, *, at: datetime) -> ApiToken:
        with self._write() as conn:
            row = conn.execute("SELECT data FROM tokens WHERE id = ?", (token_id,)).fetchone()
            if row is None:
                raise NotFound("ApiToken", token_id)
            token = ApiToken.model_validate_json(row[0])
            if token.revoked_at is None:  # the first revocation is the one that counts
                token = token.model_copy(update={"revoked_at": at})
                conn.execute("UPDATE tokens SET data = ? WHERE id = ?", (_data(token), token_id))
        return token

    def create_session(self, session: Session) -> Session:
        with self._write() as conn:
            self._require_user(conn, session.user_id)
            if conn.execute(
                "SELECT 1 FROM sessions WHERE token_hash = ?", (session.token_hash,)
            ).fetchone():
                raise AlreadyExists("Session", "(hidden)", "this hash")
            conn.execute(
                "INSERT INTO sessions (token_hash, user_id, data) VALUES (?, ?, ?)",
                (session.token_hash, session.user_id, _data(session)),
            )
        return session

    def find_session(self, token_hash: str) -> Session | None:
        row = (
            self._conn()
            .execute("SELECT data FROM sessions WHERE token_hash = ?", (token_hash,))
            .fetchone()
        )
        return None if row is None else Session.model_validate_json(row[0])

    def delete_session(self, token_hash: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    # ------------------------------------------------------------ comments and decisions

    def add_comment(self, comment: Comment) -> Comment:
        with self._write() as conn:
            self._require_territory(conn, comment.territory_id)
            if conn.execute("SELECT 1 FROM comments WHERE id = ?", (comment.id,)).fetchone():
                raise AlreadyExists("Comment", comment.id)
            conn.execute(
                "INSERT INTO comments (id, territory_id, node_id, created_at, data) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    comment.id,
                    comment.territory_id,
                    comment.node_id,
                    ts(comment.created_at),
                    _data(comment),
                ),
            )
        return comment

    def comments(self, node_id: str) -> list[Comment]:
        rows = self._conn().execute(
            "SELECT data FROM comments WHERE node_id = ? ORDER BY created_at, id", (node_id,)
        )
        return [Comment.model_validate_json(data) for (data,) in rows]

    def record_decision(self, decision: Decision) -> Decision:
        with self._write() as conn:
            self._require_territory(conn, decision.territory_id)
            if conn.execute("SELECT 1 FROM decisions WHERE id = ?", (decision.id,)).fetchone():
                raise AlreadyExists("Decision", decision.id)
            conn.execute(
                "INSERT INTO decisions (id, territory_id, at, data) VALUES (?, ?, ?, ?)",
                (decision.id, decision.territory_id, ts(decision.at), _data(decision)),
            )
        return decision

    def decisions(self, territory_id: str) -> list[Decision]:
        rows = self._conn().execute(
            "SELECT data FROM decisions WHERE territory_id = ? ORDER BY at, id", (territory_id,)
        )
        return [Decision.model_validate_json(data) for (data,) in rows]
