"""A busy partner tool's token is checked against the store once a second, not on every request,
and a revocation still counts: at once through pactmap, within a second from another process."""

from __future__ import annotations

from typing import Any

import pytest
from pactmap.api import credentials
from pactmap.api.auth import ANONYMOUS, LOCAL, authenticate, remembered
from pactmap.api.services import accounts
from pactmap.graph.errors import AuthError
from pactmap.graph.model import TokenScope, utcnow
from pactmap.graph.store import Store

from .conftest import Api


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(credentials, "_BY_STORE", credentials.weakref.WeakKeyDictionary())
    monkeypatch.setattr(credentials, "RecentCredentials", _with(clock))
    return clock


def _with(clock: Clock) -> Any:
    original = credentials.RecentCredentials

    def make() -> credentials.RecentCredentials:
        return original(clock=clock)

    return make


class Counting:
    """The store, counting find_token calls."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.finds = 0

    def find_token(self, token_hash: str) -> Any:
        self.finds += 1
        return self.inner.find_token(token_hash)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __hash__(self) -> int:
        return id(self)


def test_a_token_is_read_from_the_store_once_a_second(api: Api, clock: Clock) -> None:
    territory = api.territory()
    plaintext, _ = api.token(territory, TokenScope.READ)
    store = Counting(api.store)
    header = f"Bearer {plaintext}"
    for _ in range(50):
        caller = authenticate(store, authorization=header, session=None)  # type: ignore[arg-type]
        assert caller.role_on(territory) is not None
    assert store.finds == 1
    clock.now += credentials.TTL_S + 0.01
    authenticate(store, authorization=header, session=None)  # type: ignore[arg-type]
    assert store.finds == 2


def test_a_revocation_through_pactmap_counts_at_once(api: Api, clock: Clock) -> None:
    territory = api.territory()
    plaintext, token = api.token(territory, TokenScope.WRITE)
    header = f"Bearer {plaintext}"
    authenticate(api.store, authorization=header, session=None)
    accounts.revoke_token(api.store, LOCAL, token.id)
    with pytest.raises(AuthError, match="revoked"):
        authenticate(api.store, authorization=header, session=None)


def test_a_revocation_by_another_process_counts_within_a_second(api: Api, clock: Clock) -> None:
    territory = api.territory()
    plaintext, token = api.token(territory, TokenScope.WRITE)
    header = f"Bearer {plaintext}"
    authenticate(api.store, authorization=header, session=None)
    api.store.revoke_token(token.id, at=utcnow())  # as another worker would, behind our back
    authenticate(api.store, authorization=header, session=None)  # still remembered
    clock.now += credentials.TTL_S
    with pytest.raises(AuthError, match="revoked"):
        authenticate(api.store, authorization=header, session=None)


def test_a_remembered_caller_is_a_copy(api: Api, clock: Clock) -> None:
    territory = api.territory()
    plaintext, _ = api.token(territory, TokenScope.READ)
    first = authenticate(api.store, authorization=f"Bearer {plaintext}", session=None)
    first.roles["elsewhere"] = first.roles[territory]
    again = authenticate(api.store, authorization=f"Bearer {plaintext}", session=None)
    assert "elsewhere" not in again.roles


def test_remembered_answers_without_the_store_only_what_authenticate_remembers(
    api: Api, clock: Clock
) -> None:
    """The HTTP view asks remembered() on the event loop before sending work to a thread."""
    territory = api.territory()
    plaintext, token = api.token(territory, TokenScope.READ)
    store = Counting(api.store)
    header = f"Bearer {plaintext}"
    assert remembered(store, authorization=header, session=None) is None  # type: ignore[arg-type]
    authenticate(store, authorization=header, session=None)  # type: ignore[arg-type]
    found = remembered(store, authorization=header, session=None)  # type: ignore[arg-type]
    assert found is not None and found.token is not None and found.token.id == token.id
    assert store.finds == 1
    assert remembered(store, authorization="Basic abc", session=None) is None  # type: ignore[arg-type]
    assert remembered(store, authorization=None, session=None) == ANONYMOUS  # type: ignore[arg-type]
    clock.now += credentials.TTL_S
    assert remembered(store, authorization=header, session=None) is None  # type: ignore[arg-type]
