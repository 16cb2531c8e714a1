"""A territory keeps at least one admin, whichever way the change comes: the one rule in
pactmap.api.services.accounts, reached through GraphQL (setMember, removeMember) and through
the command line (``pactmap users add --role``). A refused change leaves the membership as it was."""

from __future__ import annotations

import pytest
from pactmap.api.auth import LOCAL
from pactmap.api.services import accounts
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import Role
from pactmap.graph.store import Store

from .conftest import Api
from .test_cli import Cli, one_error_line
from .test_cli import pactmap as pactmap  # the fixture, shared

DEMOTE = """mutation($t: ID!, $e: String!) { setMember(territoryId: $t, email: $e, role: VIEWER) {
  __typename ... on ValidationError { message field } } }"""
REMOVE = """mutation($t: ID!, $u: ID!) { removeMember(territoryId: $t, userId: $u) {
  __typename ... on ValidationError { message } } }"""


def roles(store: Store, territory: str) -> dict[str, Role]:
    return {m.user_id: m.role for m in store.memberships(territory_id=territory)}


def test_graphql_refuses_to_demote_or_remove_the_last_admin(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    assert admin.user is not None
    before = roles(api.store, territory)

    demoted = api.run(DEMOTE, admin, t=territory, e="amira@example.org")["setMember"]
    assert demoted["__typename"] == "ValidationError"
    assert "at least one admin" in demoted["message"] and admin.user.id in demoted["message"]
    removed = api.run(REMOVE, admin, t=territory, u=admin.user.id)["removeMember"]
    assert removed["__typename"] == "ValidationError"
    assert roles(api.store, territory) == before

    # with a second admin, the first may step down
    second = api.user("jonas@example.org", {territory: Role.ADMIN})
    assert second.user is not None
    stepped = api.run(DEMOTE, admin, t=territory, e="amira@example.org")["setMember"]
    assert stepped["__typename"] == "Member"
    assert roles(api.store, territory)[admin.user.id] is Role.VIEWER
    last = api.run(REMOVE, second, t=territory, u=second.user.id)["removeMember"]
    assert last["__typename"] == "ValidationError"


def test_the_command_line_refuses_to_demote_the_last_admin(pactmap: Cli) -> None:
    territory = pactmap("territories", "create", "Valbourg").last_line
    added = pactmap(
        "users", "add", "amira@example.org", "--role", "admin", "--territory", territory
    )
    assert added.code == 0
    admin_id = added.last_line

    refused = pactmap(
        "users", "add", "amira@example.org", "--role", "viewer", "--territory", territory
    )
    assert "at least one admin" in one_error_line(refused)
    assert admin_id in refused.err
    assert roles(pactmap.store(), territory) == {admin_id: Role.ADMIN}

    assert (
        pactmap(
            "users", "add", "jonas@example.org", "--role", "admin", "--territory", territory
        ).code
        == 0
    )
    assert (
        pactmap(
            "users", "add", "amira@example.org", "--role", "viewer", "--territory", territory
        ).code
        == 0
    )
    assert roles(pactmap.store(), territory)[admin_id] is Role.VIEWER


def test_both_transports_reach_the_same_rule(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GraphQL resolver and the CLI hold no rule of their own: without the service's
    check, both would let the last admin go."""
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    assert admin.user is not None
    with pytest.raises(ValidationError, match="at least one admin"):
        accounts.set_member(api.store, LOCAL, territory, admin.user.id, Role.VIEWER)
    monkeypatch.setattr(accounts, "keep_an_admin", lambda *args: None)
    demoted = api.run(DEMOTE, admin, t=territory, e="amira@example.org")["setMember"]
    assert demoted["__typename"] == "Member"
