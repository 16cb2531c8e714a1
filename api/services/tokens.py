"""API tokens for partner tools: the one place a token is built (its expiry, name and owner)
and revoked. A new token's value is returned once; only its hash is kept."""

from __future__ import annotations

from datetime import timedelta

from pactmap.graph.errors import NotFound, ValidationError
from pactmap.graph.model import ApiToken, TokenScope, utcnow
from pactmap.graph.store import Store, new_id

from ..auth import Caller
from ..security import new_token
from .territories import require_admin

MAX_DAYS = 3650
NAME_LIMIT = 500


def tokens(store: Store, caller: Caller, territory_id: str) -> list[ApiToken]:
    """A territory's tokens, never their values (admins)."""
    require_admin(store, caller, territory_id)
    return store.tokens(territory_id)


def create_token(
    store: Store,
    caller: Caller,
    territory_id: str,
    scope: TokenScope,
    *,
    name: str = "",
    expires_in_days: int | None = None,
) -> tuple[str, ApiToken]:
    """A new token (admins): its value, shown once, and what the store keeps. It expires in
    1 to 3650 days (or never), its name is cut to 500 characters, and it belongs to the
    signed-in user who made it (a local caller's token belongs to nobody)."""
    require_admin(store, caller, territory_id)
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_DAYS:
        raise ValidationError(
            f"a token expires in 1 to {MAX_DAYS} days",
            field="expires_in_days",
            value=expires_in_days,
        )
    plaintext, token_hash = new_token()
    now = utcnow()
    token = ApiToken(
        id=new_id("tok"),
        territory_id=territory_id,
        user_id=caller.user.id if caller.user is not None else None,
        name=name.strip()[:NAME_LIMIT],
        scope=scope,
        token_hash=token_hash,
        created_at=now,
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
    )
    return plaintext, store.create_token(token)


def revoke_token(
    store: Store, caller: Caller, token_id: str, *, territory_id: str | None
) -> ApiToken:
    """Revoke a token of the territory (admins): it stops working at once. Only the local
    caller may name a token without its territory."""
    if territory_id is None:
        if caller.local is None:
            raise NotFound("ApiToken", token_id)
    else:
        require_admin(store, caller, territory_id)
        if token_id not in {t.id for t in store.tokens(territory_id)}:
            raise NotFound("ApiToken", token_id)
    return store.revoke_token(token_id, at=utcnow())
