"""Users, memberships, API tokens, sessions, comments and decisions in the Neo4j store.

Each record is a node of its own label (``:User``, ``:Membership``, ``:ApiToken``,
``:Session``, ``:Comment``, ``:Decision``) holding its model's JSON fields as properties, with
no relationship to the map. Uniqueness (user id and e-mail, token id and hash, session hash)
is enforced by constraints; lookups go through indexes. Orders are those of the SQLite store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from .errors import AlreadyExists, NotFound, Problem, ValidationError
from .model import ApiToken, Comment, Decision, Membership, Role, Session, User, utcnow
from .neo4j_base import Neo4jBase, Tx
from .neo4j_codec import epoch_us, public, record_props
from .store import new_id

M = TypeVar("M", bound=BaseModel)

_TERRITORY = "MATCH (t:Territory {id: $id}) RETURN t.id AS id"
_USER = "MATCH (u:User {id: $id}) RETURN properties(u) AS p"


def _model(cls: type[M], data: Mapping[str, Any]) -> M:
    try:
        return cls.model_validate(dict(data))
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                Problem(".".join(str(p) for p in e["loc"]), e["msg"], e.get("input"))
                for e in exc.errors()
            ]
        ) from None


def _load(cls: type[M], props: Mapping[str, Any]) -> M:
    return cls.model_validate(public(props))


def _require_territory(tx: Tx, territory_id: str) -> None:
    if tx.run(_TERRITORY, id=territory_id).single() is None:
        raise NotFound("Territory", territory_id)


def _require_user(tx: Tx, user_id: str) -> None:
    if tx.run(_USER, id=user_id).single() is None:
        raise NotFound("User", user_id)


def _props(record: BaseModel, at: datetime | None = None) -> dict[str, Any]:
    props = record_props(record)
    if at is not None:
        props["_at_us"] = epoch_us(at)  # what lists sort by, whatever the offset
    return props


class Neo4jAccounts(Neo4jBase):
    """The account and discussion half of the Neo4j store."""

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

        def work(tx: Tx) -> None:
            if tx.run("MATCH (u:User {email: $e}) RETURN u.id", e=user.email).single():
                raise AlreadyExists("User", user.email, "e-mail")
            tx.run("CREATE (u:User) SET u = $p", p=_props(user)).consume()

        try:
            self._write(work)
        except ConstraintError:  # a concurrent sign-up took it between check and write
            raise AlreadyExists("User", user.email, "e-mail") from None
        return user

    def get_user(self, user_id: str) -> User:
        record = self._read(lambda tx: tx.run(_USER, id=user_id).single())
        if record is None:
            raise NotFound("User", user_id)
        return _load(User, record["p"])

    def find_user(self, email: str) -> User | None:
        record = self._read(
            lambda tx: tx.run(
                "MATCH (u:User {email: $e}) RETURN properties(u) AS p", e=email.strip().lower()
            ).single()
        )
        return None if record is None else _load(User, record["p"])

    def update_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        password_hash: str | None = None,
        active: bool | None = None,
    ) -> User:
        def work(tx: Tx) -> User:
            record = tx.run(
                "MATCH (u:User {id: $id}) SET u._lock = true RETURN properties(u) AS p", id=user_id
            ).single()
            if record is None:
                raise NotFound("User", user_id)
            data = _load(User, record["p"]).model_dump()
            for key, value in (
                ("name", name),
                ("password_hash", password_hash),
                ("active", active),
            ):
                if value is not None:
                    data[key] = value
            user = _model(User, data)
            tx.run("MATCH (u:User {id: $id}) SET u = $p", id=user_id, p=_props(user)).consume()
            return user

        return self._write(work)

    def delete_user(self, user_id: str) -> None:
        def work(tx: Tx) -> None:
            record = tx.run(
                "MATCH (u:User {id: $id}) DELETE u RETURN count(u) AS n", id=user_id
            ).single(strict=True)
            if record["n"] == 0:
                raise NotFound("User", user_id)
            for label in ("Membership", "ApiToken", "Session"):
                tx.run(f"MATCH (x:{label} {{user_id: $id}}) DELETE x", id=user_id).consume()

        self._write(work)

    # ------------------------------------------------------------ memberships

    def set_membership(self, user_id: str, territory_id: str, role: Role) -> Membership:
        membership = _model(
            Membership, {"user_id": user_id, "territory_id": territory_id, "role": role}
        )

        def work(tx: Tx) -> None:
            _require_user(tx, user_id)
            _require_territory(tx, territory_id)
            tx.run(
                "MERGE (m:Membership {key: $key}) SET m += $p",
                key=f"{user_id}|{territory_id}",
                p=_props(membership),
            ).consume()

        self._write(work)
        return membership

    def remove_membership(self, user_id: str, territory_id: str) -> None:
        def work(tx: Tx) -> None:
            record = tx.run(
                "MATCH (m:Membership {key: $key}) DELETE m RETURN count(m) AS n",
                key=f"{user_id}|{territory_id}",
            ).single(strict=True)
            if record["n"] == 0:
                raise NotFound("Membership", f"{user_id}/{territory_id}")

        self._write(work)

    def memberships(
        self, *, user_id: str | None = None, territory_id: str | None = None
    ) -> list[Membership]:
        records = self._read(
            lambda tx: list(
                tx.run(
                    "MATCH (m:Membership) WHERE ($u IS NULL OR m.user_id = $u) "
                    "AND ($t IS NULL OR m.territory_id = $t) "
                    "RETURN m.user_id AS u, m.territory_id AS t, m.role AS r "
                    "ORDER BY m.user_id, m.territory_id",
                    u=user_id,
                    t=territory_id,
                )
            )
        )
        return [Membership(user_id=r["u"], territory_id=r["t"], role=Role(r["r"])) for r in records]

    # ------------------------------------------------------------ tokens and sessions

    def create_token(self, token: ApiToken) -> ApiToken:
        def work(tx: Tx) -> None:
            _require_territory(tx, token.territory_id)
            if token.user_id is not None:
                _require_user(tx, token.user_id)
            if tx.run("MATCH (t:ApiToken {id: $id}) RETURN t.id", id=token.id).single():
                raise AlreadyExists("ApiToken", token.id)
            if tx.run(
                "MATCH (t:ApiToken {token_hash: $h}) RETURN t.id", h=token.token_hash
            ).single():
                raise AlreadyExists("ApiToken", "(hidden)", "this hash")
            tx.run("CREATE (t:ApiToken) SET t = $p", p=_props(token, token.created_at)).consume()

        try:
            self._write(work)
        except ConstraintError:
            raise AlreadyExists("ApiToken", token.id) from None
        return token

    def find_token(self, token_hash: str) -> ApiToken | None:
        record = self._read(
            lambda tx: tx.run(
                "MATCH (t:ApiToken {token_hash: $h}) RETURN properties(t) AS p", h=token_hash
            ).single()
        )
        return None if record is None else _load(ApiToken, record["p"])

    def tokens(self, territory_id: str) -> list[ApiToken]:
        records = self._read(
            lambda tx: list(
                tx.run(
                    "MATCH (t:ApiToken {territory_id: $id}) RETURN properties(t) AS p "
                    "ORDER BY t._at_us, t.id",
                    id=territory_id,
                )
            )
        )
        return [_load(ApiToken, r["p"]) for r in records]

    def revoke_token(self, token_id: str, *, at: datetime) -> ApiToken:
        def work(tx: Tx) -> ApiToken:
            record = tx.run(
                "MATCH (t:ApiToken {id: $id}) SET t._lock = true RETURN properties(t) AS p",
                id=token_id,
            ).single()
            if record is None:
                raise NotFound("ApiToken", token_id)
            token = _load(ApiToken, record["p"])
            if token.revoked_at is None:  # the first revocation is the one that counts
                token = token.model_copy(update={"revoked_at": at})
            tx.run(
                "MATCH (t:ApiToken {id: $id}) SET t = $p",
                id=token_id,
                p=_props(token, token.created_at),
            ).consume()
            return token

        return self._write(work)

    def create_session(self, session: Session) -> Session:
        def work(tx: Tx) -> None:
            _require_user(tx, session.user_id)
            if tx.run(
                "MATCH (s:Session {token_hash: $h}) RETURN s.user_id", h=session.token_hash
            ).single():
                raise AlreadyExists("Session", "(hidden)", "this hash")
            tx.run("CREATE (s:Session) SET s = $p", p=_props(session)).consume()

        try:
            self._write(work)
        except ConstraintError:
            raise AlreadyExists("Session", "(hidden)", "this hash") from None
        return session

    def find_session(self, token_hash: str) -> Session | None:
        record = self._read(
            lambda tx: tx.run(
                "MATCH (s:Session {token_hash: $h}) RETURN properties(s) AS p", h=token_hash
            ).single()
        )
        return None if record is None else _load(Session, record["p"])

    def delete_session(self, token_hash: str) -> None:
        self._write(
            lambda tx: tx.run("MATCH (s:Session {token_hash: $h}) DELETE s", h=token_hash).consume()
        )

    # ------------------------------------------------------------ comments and decisions

    def add_comment(self, comment: Comment) -> Comment:
        def work(tx: Tx) -> None:
            _require_territory(tx, comment.territory_id)
            if tx.run("MATCH (c:Comment {id: $id}) RETURN c.id", id=comment.id).single():
                raise AlreadyExists("Comment", comment.id)
            tx.run("CREATE (c:Comment) SET c = $p", p=_props(comment, comment.created_at)).consume()

        try:
            self._write(work)
        except ConstraintError:
            raise AlreadyExists("Comment", comment.id) from None
        return comment

    def comments(self, node_id: str) -> list[Comment]:
        records = self._read(
            lambda tx: list(
                tx.run(
                    "MATCH (c:Comment {node_id: $id}) RETURN properties(c) AS p "
                    "ORDER BY c._at_us, c.id",
                    id=node_id,
                )
            )
        )
        return [_load(Comment, r["p"]) for r in records]

    def record_decision(self, decision: Decision) -> Decision:
        def work(tx: Tx) -> None:
            _require_territory(tx, decision.territory_id)
            if tx.run("MATCH (d:Decision {id: $id}) RETURN d.id", id=decision.id).single():
                raise AlreadyExists("Decision", decision.id)
            tx.run("CREATE (d:Decision) SET d = $p", p=_props(decision, decision.at)).consume()

        try:
            self._write(work)
        except ConstraintError:
            raise AlreadyExists("Decision", decision.id) from None
        return decision

    def decisions(self, territory_id: str) -> list[Decision]:
        records = self._read(
            lambda tx: list(
                tx.run(
                    "MATCH (d:Decision {territory_id: $id}) RETURN properties(d) AS p "
                    "ORDER BY d._at_us, d.id",
                    id=territory_id,
                )
            )
        )
        return [_load(Decision, r["p"]) for r in records]
