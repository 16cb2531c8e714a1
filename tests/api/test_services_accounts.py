"""The last-admin rule (api/services/accounts.py): a territory keeps at least one admin,
whether the change comes through GraphQL (``setMember``, ``removeMember``) or the command line
(``pactmap users add --role``); a refused change leaves the membership as it was."""

from __future__ import annotations

from pactmap.graph.model import Role

from tests.api.conftest import Api

from .test_cli import Cli, one_error_line
from .test_cli_suggestions import pactmap  # noqa: F401 - the fixture

SET = """mutation($t: ID!, $e: String!, $r: Role!) { r: setMember(territoryId: $t, email: $e,
    role: $r) { __typename ... on ValidationError { message field } } }"""
REMOVE = """mutation($t: ID!, $u: ID!) { r: removeMember(territoryId: $t, userId: $u) {
    __typename ... on ValidationError { message field } } }"""


def _roles(api: Api, territory_id: str) -> dict[str, Role]:
    found = api.store.memberships(territory_id=territory_id)
    return {api.store.get_user(m.user_id).email: m.role for m in found}


def test_graphql_refuses_to_demote_or_remove_the_last_admin(api: Api) -> None:
    territory = api.territory()
    amira = api.user("amira@example.org", {territory: Role.ADMIN})
    api.user("jonas@example.org", {territory: Role.COORDINATOR})
    assert amira.user is not None
    before = _roles(api, territory)

    demoted = api.run(SET, amira, t=territory, e="amira@example.org", r="VIEWER")["r"]
    removed = api.run(REMOVE, amira, t=territory, u=amira.user.id)["r"]

    for refused in (demoted, removed):
        assert refused["__typename"] == "ValidationError"
        assert refused["field"] == "userId"
        assert "amira@example.org" in refused["message"] and "last admin" in refused["message"]
    assert (
        _roles(api, territory)
        == before
        == {
            "amira@example.org": Role.ADMIN,
            "jonas@example.org": Role.COORDINATOR,
        }
    )


def test_graphql_demotes_an_admin_who_is_not_the_last(api: Api) -> None:
    territory = api.territory()
    amira = api.user("amira@example.org", {territory: Role.ADMIN})
    api.user("jonas@example.org", {territory: Role.ADMIN})

    demoted = api.run(SET, amira, t=territory, e="jonas@example.org", r="VIEWER")["r"]

    assert demoted["__typename"] == "Member"
    assert _roles(api, territory)["jonas@example.org"] is Role.VIEWER


def test_cli_refuses_to_demote_the_last_admin(pactmap: Cli) -> None:  # noqa: F811
    territory = pactmap("territories", "create", "Valbourg").last_line
    add = ("users", "add", "amira@example.org", "--territory", territory, "--role")
    assert pactmap(*add, "admin").code == 0

    refused = one_error_line(pactmap(*add, "viewer"))

    assert "amira@example.org" in refused and "last admin" in refused
    assert pactmap("users", "list", "--territory", territory).out.split("\t")[1:] == [
        "amira@example.org",
        "admin\n",
    ]
    # a second admin lifts the rule: the first may then step down
    assert (
        pactmap(
            "users", "add", "jonas@example.org", "--territory", territory, "--role", "admin"
        ).code
        == 0
    )
    assert pactmap(*add, "viewer").code == 0
