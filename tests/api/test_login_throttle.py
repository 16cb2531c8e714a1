"""Logins attacked as in issue 13 ("20 wrong passwords in a row all answered, and the next correct
one worked; 30 `login` aliases in one request were all tried"), on both stores, over HTTP.

The throttle's rule (api/services/logins.py): after PACTMAP_LOGIN_FREE_FAILURES (5) failures of
an account, the next try waits PACTMAP_LOGIN_BACKOFF_SECONDS, doubled at each further failure;
a refused try is answered RATE_LIMITED with ``retryAfter`` and hashes no password. The tests set
the first wait to 60 s so that no wait can run out while they run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from pactmap.api import auth
from pactmap.api.services.logins import LoginPolicy, hash_slots
from pactmap.graph.model import LoginFailures, utcnow
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from .conftest import HASH, PASSWORD, post

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"
EMAIL = "ana@valbrune.example"
SLOW = {"login_backoff_seconds": 60}


def codes(answer: Any) -> list[str | None]:
    return [e.get("extensions", {}).get("code") for e in answer.json().get("errors") or []]


@pytest.fixture
def second_store(store: Store, request: pytest.FixtureRequest) -> Iterator[Store]:
    """Another store object on the same database: what a second server process opens."""
    if hasattr(store, "uri"):
        from pactmap.graph.neo4j import Neo4jStore

        server = request.getfixturevalue("neo4j_server")
        other: Store = Neo4jStore(server.uri, user=server.user, password=server.password)
    else:
        from pactmap.graph.sqlite import SqliteStore

        other = SqliteStore(store.path)  # type: ignore[attr-defined]
    yield other
    other.close()


@pytest.fixture
def app_on(make_client: Callable[..., TestClient]) -> Callable[[Store], TestClient]:
    return lambda on: make_client(on, **SLOW)


def test_twenty_wrong_passwords_then_the_right_one_is_refused(
    store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    client = app_on(store)
    started = time.monotonic()
    answers = [post(client, LOGIN, e=EMAIL, p=f"guess {n}") for n in range(20)]
    elapsed = time.monotonic() - started
    kinds = [
        a.json()["data"]["login"]["__typename"] if not codes(a) else codes(a)[0] for a in answers
    ]
    # 5 free failures (PACTMAP_LOGIN_FREE_FAILURES), then every try waits
    assert kinds == ["PermissionDenied"] * 5 + ["RATE_LIMITED"] * 15
    right = post(client, LOGIN, e=EMAIL, p=PASSWORD)
    error = right.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 0 < error["extensions"]["retryAfter"] <= 60  # the first wait, 60 s here
    assert right.headers["retry-after"] == str(error["extensions"]["retryAfter"])
    assert "try again in" in error["message"]
    assert "set-cookie" not in right.headers
    print(f"20 refused logins: {elapsed:.2f} s")


def test_a_second_process_sees_the_same_throttle(
    store: Store, second_store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    first, second = app_on(store), app_on(second_store)
    for n in range(5):
        post(first, LOGIN, e=EMAIL, p=f"guess {n}")
    assert codes(post(second, LOGIN, e=EMAIL, p=PASSWORD)) == ["RATE_LIMITED"]


def test_one_address_trying_many_accounts_is_throttled(
    store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    client = app_on(store)
    for n in range(20):  # PACTMAP_LOGIN_ADDRESS_FREE_FAILURES: 20, four per account
        answer = post(client, LOGIN, e=f"user{n // 4}@valbrune.example", p="guess")
        assert answer.json()["data"]["login"]["__typename"] == "PermissionDenied"
    assert codes(post(client, LOGIN, e=EMAIL, p=PASSWORD)) == ["RATE_LIMITED"]


def test_thirty_login_aliases_are_one_error_and_no_hash(
    store: Store, app_on: Callable[[Store], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    hashed: list[str] = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: hashed.append(p) or real(h, p))
    fields = " ".join(
        f'a{n}: login(email: "{EMAIL}", password: "guess {n}") {{ __typename }}' for n in range(30)
    )
    answer = post(app_on(store), f"mutation {{ {fields} }}")
    body = answer.json()
    assert body.get("data") is None
    assert [e["message"] for e in body["errors"]] == [
        "a request signs in at most once: send one `login` per request"
    ]
    assert hashed == []
    assert store.login_failures(["address:testclient"]) == {}


def test_busy_hash_slots_answer_rate_limited_at_once(
    store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    client = app_on(store)
    slots = hash_slots(LoginPolicy().hash_slots)  # PACTMAP_LOGIN_HASH_SLOTS: 4
    held = 0
    while slots.acquire(blocking=False):
        held += 1
    try:
        started = time.monotonic()
        answer = post(client, LOGIN, e=EMAIL, p=PASSWORD)
        waited = time.monotonic() - started
    finally:
        for _ in range(held):
            slots.release()
    assert held == 4
    assert codes(answer) == ["RATE_LIMITED"]
    assert answer.json()["errors"][0]["extensions"]["retryAfter"] == 1
    assert waited < 2  # SLOT_WAIT_S is 0.25 s; no hash was queued behind the others


def test_a_success_clears_the_account_count(
    store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    store.create_user(EMAIL, password_hash=HASH)
    client = app_on(store)
    for n in range(4):
        post(client, LOGIN, e=EMAIL, p=f"guess {n}")
    assert post(client, LOGIN, e=EMAIL, p=PASSWORD).json()["data"]["login"]["__typename"] == "Me"
    for n in range(4):  # four more failures are free again
        answer = post(client, LOGIN, e=EMAIL, p=f"guess {n}")
        assert answer.json()["data"]["login"]["__typename"] == "PermissionDenied"


def test_the_wait_doubles_up_to_the_longest() -> None:
    policy = LoginPolicy()  # 5 free, first wait 1 s, longest 900 s
    now = utcnow()

    def wait(count: int, ago_s: float = 0) -> float:
        failures = LoginFailures(key="k", count=count, last_at=now - timedelta(seconds=ago_s))
        return policy.wait(failures, policy.account_free, now)

    assert [wait(n) for n in (4, 5, 6, 7, 14, 15)] == [0, 1, 2, 4, 512, 900]
    assert wait(7, ago_s=3) == 1  # 4 s wait, 3 s gone
    assert wait(20, ago_s=86401) == 0  # forgotten after a day


def test_the_refusal_speaks_the_callers_language(
    store: Store, app_on: Callable[[Store], TestClient]
) -> None:
    client = app_on(store)
    for n in range(5):
        post(client, LOGIN, e=EMAIL, p=f"guess {n}")
    answer = client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}},
        headers={"accept-language": "fr"},
    )
    error = answer.json()["errors"][0]
    # graph/locale/fr/LC_MESSAGES/pactmap.po
    assert (
        error["message"]
        == f"trop de connexions échouées : réessayez dans {error['extensions']['retryAfter']} s"
    )
