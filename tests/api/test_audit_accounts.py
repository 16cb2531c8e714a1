"""Account changes are in the audit log (issue 13: "membership, token and session changes are
not in the audit log"): adding, changing and removing a member, creating and revoking a token,
signing in and out, changing a password. Each entry is read back as every change is
(``history``), names who made it, holds no secret, and is written in the transaction of the
change: when the log cannot be written, neither is the change. On both stores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pactmap.api.auth import LOCAL
from pactmap.api.services import accounts
from pactmap.graph.model import Role, TokenScope
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from .conftest import PASSWORD, Api, post

HISTORY = """query($t: ID!) { history(territoryId: $t, first: 100) { edges { node {
  op target targetType byName before after } } } }"""
TOKEN = """mutation($t: ID!) { createToken(territoryId: $t, scope: READ, name: "dashboard") {
  ... on NewToken { token info { id } } } }"""
REVOKE = """mutation($t: ID!, $id: ID!) { revokeToken(territoryId: $t, id: $id) { __typename } }"""
SET = """mutation($t: ID!, $e: String!, $r: Role!) { setMember(territoryId: $t, email: $e, role: $r) {
  __typename } }"""
REMOVE = (
    """mutation($t: ID!, $u: ID!) { removeMember(territoryId: $t, userId: $u) { __typename } }"""
)
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"


def log(api: Api, territory: str, admin: Any) -> list[dict[str, Any]]:
    edges = api.run(HISTORY, admin, t=territory)["history"]["edges"]
    return [e["node"] for e in edges if e["node"]["targetType"] != "Territory"]


def test_member_changes_are_logged_with_who_made_them(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org", {territory: Role.VIEWER}).user
    assert jonas is not None
    assert api.run(SET, admin, t=territory, e="jonas@example.org", r="COORDINATOR")
    assert api.run(REMOVE, admin, t=territory, u=jonas.id)
    entries = log(api, territory, admin)
    assert [(e["op"], e["targetType"], e["target"]) for e in entries] == [
        ("UPDATE", "Membership", jonas.id),
        ("DELETE", "Membership", jonas.id),
    ]
    assert entries[0]["before"] == {"user_id": jonas.id, "role": "viewer"}
    assert entries[0]["after"] == {"user_id": jonas.id, "role": "coordinator"}
    assert entries[1]["after"] is None
    assert {e["byName"] for e in entries} == {"amira"}  # the admin's name (conftest: e-mail's)


def test_a_member_added_and_a_password_changed_are_logged(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org").user
    assert jonas is not None
    accounts.set_member(api.store, admin, territory, jonas.id, Role.VIEWER)
    accounts.add_user(
        api.store, LOCAL, territory, "jonas@example.org", Role.VIEWER, password="n3w pass!"
    )
    entries = log(api, territory, admin)
    assert [(e["op"], e["targetType"], e["byName"]) for e in entries] == [
        ("CREATE", "Membership", "amira"),
        ("UPDATE", "Password", "the command line"),
    ]
    assert "n3w" not in str(entries) and "argon2" not in str(entries)


def test_token_creation_and_revocation_are_logged_without_the_secret(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    made = api.run(TOKEN, admin, t=territory)["createToken"]
    api.run(REVOKE, admin, t=territory, id=made["info"]["id"])
    api.run(REVOKE, admin, t=territory, id=made["info"]["id"])  # again: nothing changes
    entries = log(api, territory, admin)
    assert [(e["op"], e["targetType"], e["target"]) for e in entries] == [
        ("CREATE", "ApiToken", made["info"]["id"]),
        ("UPDATE", "ApiToken", made["info"]["id"]),
    ]
    assert entries[0]["after"]["name"] == "dashboard" and entries[0]["after"]["scope"] == "read"
    assert entries[1]["before"]["revoked_at"] is None and entries[1]["after"]["revoked_at"]
    stored = api.store.find_token(api.store.tokens(territory)[0].token_hash)
    assert stored is not None
    assert stored.token_hash not in str(entries) and made["token"] not in str(entries)
    assert "token_hash" not in entries[0]["after"]


def test_signing_in_and_out_is_logged_in_each_territory_of_the_user(
    store: Store, make_client: Callable[..., TestClient]
) -> None:
    api = Api(store)
    first, second = api.territory("Valbrune"), api.territory("Ostrava")
    admin = api.user("amira@example.org", {first: Role.ADMIN, second: Role.ADMIN})
    assert admin.user is not None
    client = make_client()
    assert post(client, LOGIN, e="amira@example.org", p=PASSWORD).json()["data"]
    post(client, "mutation { logout }")
    for territory in (first, second):
        entries = log(api, territory, admin)
        assert [(e["op"], e["targetType"], e["target"], e["byName"]) for e in entries] == [
            ("CREATE", "Session", admin.user.id, "amira"),
            ("DELETE", "Session", admin.user.id, "amira"),
        ]
        assert "pms_" not in str(entries)  # no session cookie (SESSION_PREFIX) in the log


def test_the_map_at_a_moment_is_not_disturbed_by_account_entries(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    before = api.store.changes(territory)[-1].at
    jonas = api.user("jonas@example.org", {territory: Role.VIEWER}).user
    assert jonas is not None
    api.run(TOKEN, admin, t=territory)
    accounts.remove_member(api.store, admin, territory, jonas.id)
    query = "query($t: ID!, $at: DateTime!) { mapAt(territoryId: $t, at: $at) { nodes { id } } }"
    assert api.run(query, admin, t=territory, at=before.isoformat())["mapAt"]["nodes"] == []


@pytest.fixture
def broken_log(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The change log cannot be written (what the store's own audit step calls fails)."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the change log is full")

    module = (
        "pactmap.graph.neo4j.accounts" if hasattr(store, "uri") else "pactmap.graph.sqlite.accounts"
    )
    monkeypatch.setattr(f"{module}.write_log", refuse)


def test_a_change_whose_log_entry_fails_is_not_made(api: Api, broken_log: None) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org", {territory: Role.VIEWER}).user
    assert jonas is not None
    with pytest.raises(RuntimeError, match="change log is full"):
        accounts.set_member(api.store, admin, territory, jonas.id, Role.ADMIN)
    with pytest.raises(RuntimeError, match="change log is full"):
        accounts.create_token(api.store, admin, territory, TokenScope.READ)
    assert {m.user_id: m.role for m in api.store.memberships(territory_id=territory)}[
        jonas.id
    ] is Role.VIEWER
    assert api.store.tokens(territory) == []


def test_account_changes_are_for_admins_only(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    viewer = api.user("vera@example.org", {territory: Role.VIEWER})
    api.run(TOKEN, admin, t=territory)
    assert [e["targetType"] for e in log(api, territory, admin)] == ["ApiToken"]
    assert log(api, territory, viewer) == []  # members and tokens are the admins' business


def test_erasing_a_user_logs_the_memberships_it_removes(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org", {territory: Role.FACILITATOR}).user
    assert jonas is not None
    accounts.erase_user(api.store, LOCAL, "jonas@example.org")
    [entry] = log(api, territory, admin)
    assert (entry["op"], entry["targetType"], entry["target"], entry["byName"]) == (
        "DELETE",
        "Membership",
        jonas.id,
        "the command line",
    )
    assert "jonas@example.org" not in str(entry)  # the erased person's e-mail stays out
