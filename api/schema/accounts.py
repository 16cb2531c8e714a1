# mypy: disable-error-code="untyped-decorator"
"""Accounts: sign in and out (session cookie), who am I, and for a territory's admins its
members and API tokens. A new token is shown once, in the mutation's answer; only its hash is
kept."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from pactmap.graph import model
from pactmap.graph.errors import RateLimited
from pactmap.graph.model import ApiToken, Role, TokenScope

from ..auth import SESSION_COOKIE, SESSION_DAYS, close_session, open_session
from ..services import accounts, logins
from .nodes import Info, Territory, to_gql
from .results import (
    Deleted,
    DeleteResult,
    NotFound,
    PermissionDenied,
    ValidationError,
    VersionConflict,
    attempt,
)


@strawberry.type(name="User")
class UserInfo:
    id: strawberry.ID
    email: str
    name: str

    @classmethod
    def from_model(cls, user: model.User) -> UserInfo:
        return cls(id=strawberry.ID(user.id), email=user.email, name=user.name)


@strawberry.type
class Membership:
    territory_id: strawberry.ID
    role: Role

    @strawberry.field
    async def territory(self, info: Info) -> Territory | None:
        found = await info.context.loaders.nodes.load(self.territory_id)
        item = None if found is None else to_gql(found)
        return item if isinstance(item, Territory) else None


@strawberry.type
class Me:
    user: UserInfo
    memberships: list[Membership]


@strawberry.type
class Member:
    user: UserInfo
    role: Role


@strawberry.type(name="ApiToken")
class ApiTokenInfo:
    id: strawberry.ID
    territory_id: strawberry.ID
    name: str
    scope: TokenScope
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, token: ApiToken) -> ApiTokenInfo:
        return cls(
            id=strawberry.ID(token.id),
            territory_id=strawberry.ID(token.territory_id),
            name=token.name,
            scope=token.scope,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


@strawberry.type(description="A new token: `token` is shown this once and never again.")
class NewToken:
    token: str
    info: ApiTokenInfo


LoginResult = Annotated[Me | PermissionDenied, strawberry.union("LoginResult")]
MemberResult = Annotated[
    Member | ValidationError | NotFound | PermissionDenied, strawberry.union("MemberResult")
]
NewTokenResult = Annotated[
    NewToken | ValidationError | NotFound | PermissionDenied, strawberry.union("NewTokenResult")
]
ApiTokenResult = Annotated[
    ApiTokenInfo | ValidationError | VersionConflict | NotFound | PermissionDenied,
    strawberry.union("ApiTokenResult"),
]


def _me(user: model.User, roles: dict[str, Role]) -> Me:
    return Me(
        user=UserInfo.from_model(user),
        memberships=[
            Membership(territory_id=strawberry.ID(tid), role=role)
            for tid, role in sorted(roles.items())
        ],
    )


def admin_user(info: Info) -> None:
    """Members and tokens are managed by signed-in admins, not by API tokens."""
    info.context.caller.require_user()


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user and their territories (null if nobody).")
    def me(self, info: Info) -> Me | None:
        caller = info.context.caller
        return None if caller.user is None else _me(caller.user, caller.roles)

    @strawberry.field(description="A territory's members (admins only).")
    async def members(self, info: Info, territory_id: strawberry.ID) -> list[Member]:
        ctx = info.context
        admin_user(info)
        found = await ctx.call(accounts.members, ctx.store, ctx.caller, territory_id)
        return [Member(user=UserInfo.from_model(m.user), role=m.role) for m in found]

    @strawberry.field(description="A territory's API tokens, never their values (admins only).")
    async def tokens(self, info: Info, territory_id: strawberry.ID) -> list[ApiTokenInfo]:
        ctx = info.context
        admin_user(info)
        found = await ctx.call(accounts.tokens, ctx.store, ctx.caller, territory_id)
        return [ApiTokenInfo.from_model(t) for t in found]


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="Sign in: sets the session cookie. One `login` per request; failed "
        "sign-ins make the account and the address wait (an error with code RATE_LIMITED and "
        "`retryAfter` seconds in its extensions)."
    )
    async def login(self, info: Info, email: str, password: str) -> LoginResult:
        ctx = info.context
        try:
            user = await ctx.call(
                logins.login,
                ctx.store,
                ctx.options.login,
                email,
                password,
                address=ctx.address,
                lang=ctx.lang,
            )
        except RateLimited as exc:
            if ctx.response is not None and hasattr(ctx.response, "headers"):
                ctx.response.headers["Retry-After"] = str(exc.retry_after)
            raise
        if user is None or ctx.response is None or not hasattr(ctx.response, "set_cookie"):
            return PermissionDenied(message="wrong e-mail or password")
        plaintext, _ = await ctx.call(open_session, ctx.store, user)
        ctx.response.set_cookie(
            SESSION_COOKIE,
            plaintext,
            max_age=SESSION_DAYS * 86400,
            path="/",
            httponly=True,
            samesite="lax",
            secure=ctx.options.cookie_secure,
        )
        found = await ctx.call(ctx.store.memberships, user_id=user.id)
        roles = {m.territory_id: m.role for m in found}
        return _me(user, roles)

    @strawberry.mutation(description="Sign out: ends the session and clears the cookie.")
    async def logout(self, info: Info) -> bool:
        ctx = info.context
        cookie = ctx.request.cookies.get(SESSION_COOKIE) if ctx.request is not None else None
        if cookie:
            await ctx.call(close_session, ctx.store, cookie, by=ctx.caller.by)
        if ctx.response is not None and hasattr(ctx.response, "delete_cookie"):
            ctx.response.delete_cookie(SESSION_COOKIE, path="/")
        return bool(cookie)

    @strawberry.mutation(
        description="Change a member's role (admins). A non-member is refused the same way "
        "whether their e-mail has an account or not: invite them with `inviteMember`."
    )
    async def set_member(
        self, info: Info, territory_id: strawberry.ID, email: str, role: Role
    ) -> MemberResult:
        ctx = info.context

        async def work() -> Member:
            admin_user(info)
            found = await ctx.call(
                accounts.change_role, ctx.store, ctx.caller, territory_id, email, role
            )
            return Member(user=UserInfo.from_model(found.user), role=found.role)

        return await attempt(work)  # type: ignore[return-value]

    @strawberry.mutation(description="Take a user's role on a territory away (admins).")
    async def remove_member(
        self, info: Info, territory_id: strawberry.ID, user_id: strawberry.ID
    ) -> DeleteResult:
        ctx = info.context

        async def work() -> Deleted:
            admin_user(info)
            await ctx.call(accounts.remove_member, ctx.store, ctx.caller, territory_id, user_id)
            return Deleted(id=user_id)

        return await attempt(work)

    @strawberry.mutation(description="A new API token for a partner tool (admins).")
    async def create_token(
        self,
        info: Info,
        territory_id: strawberry.ID,
        scope: TokenScope,
        name: str = "",
        expires_in_days: int | None = None,
    ) -> NewTokenResult:
        ctx = info.context

        async def work() -> NewToken:
            admin_user(info)
            plaintext, token = await ctx.call(
                accounts.create_token,
                ctx.store,
                ctx.caller,
                territory_id,
                scope,
                name=name,
                expires_in_days=expires_in_days,
            )
            return NewToken(token=plaintext, info=ApiTokenInfo.from_model(token))

        return await attempt(work)  # type: ignore[return-value]

    @strawberry.mutation(description="Revoke an API token: it stops working at once (admins).")
    async def revoke_token(
        self, info: Info, territory_id: strawberry.ID, id: strawberry.ID
    ) -> ApiTokenResult:
        ctx = info.context

        async def work() -> ApiTokenInfo:
            admin_user(info)
            revoked = await ctx.call(accounts.revoke_token, ctx.store, ctx.caller, id, territory_id)
            return ApiTokenInfo.from_model(revoked)

        return await attempt(work)
