"""API tokens over HTTP: scope, expiry, revocation, one territory only; and the admin
mutations that create and revoke them and manage members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pactmap.api.security import hash_token
from pactmap.graph.model import NodeKind, Role, TokenScope
from starlette.testclient import TestClient

from tests.api.conftest import PASSWORD, Api, post

LOGIN_ADMIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename } }"
READ = "query($t: ID!) { actors(territoryId: $t) { totalCount } }"
WRITE = """mutation($t: ID!) { createActor(input: {territoryId: $t, name: "Observatory",
  sector: PUBLIC_SERVICE}) { __typename ... on PermissionDenied { message } } }"""


@pytest.fixture
def territory(api: Api) -> str:
    return api.territory()


def test_read_token_reads_but_does_not_write(client: TestClient, api: Api, territory: str) -> None:
    token, _ = api.token(territory, TokenScope.READ)
    assert post(client, READ, token=token, t=territory).json() == {
        "data": {"actors": {"totalCount": 0}}
    }
    refused = post(client, WRITE, token=token, t=territory).json()["data"]["createActor"]
    assert refused["__typename"] == "PermissionDenied"
    assert "viewer may not edit" in refused["message"]
    assert api.store.list_nodes(NodeKind.ACTOR, territory).total_count == 0


def test_write_token_writes_and_the_log_names_it(
    client: TestClient, api: Api, territory: str
) -> None:
    token, stored = api.token(territory, TokenScope.WRITE)
    created = post(client, WRITE, token=token, t=territory).json()["data"]["createActor"]
    assert created["__typename"] == "Actor"
    assert api.store.changes(territory)[-1].by == f"token:{stored.id}"


def test_a_token_is_scoped_to_one_territory(client: TestClient, api: Api, territory: str) -> None:
    other = api.territory("Elsewhere")
    token, _ = api.token(territory, TokenScope.WRITE)
    response = post(client, READ, token=token, t=other).json()
    assert "no territory" in response["errors"][0]["message"]
    assert (
        post(client, WRITE, token=token, t=other).json()["data"]["createActor"]["__typename"]
        == "NotFound"
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer pm_not-a-real-token", "the API token is not known"),
        ("Basic dXNlcjpwYXNz", "must be 'Bearer <token>'"),
    ],
)
def test_bad_credentials_get_401_with_a_reason(
    client: TestClient, header: str, expected: str
) -> None:
    response = client.post(
        "/graphql", json={"query": "{ me { user { id } } }"}, headers={"authorization": header}
    )
    assert response.status_code == 401
    assert expected in response.json()["errors"][0]["message"]


def test_an_expired_token_gets_a_clear_error(client: TestClient, api: Api, territory: str) -> None:
    token, stored = api.token(territory, TokenScope.READ, expires_in=timedelta(seconds=-1))
    response = post(client, READ, token=token, t=territory)
    assert response.status_code == 401
    assert f"the API token '{stored.id}' expired on" in response.json()["errors"][0]["message"]


def test_admin_creates_lists_and_revokes_a_token(
    client: TestClient, api: Api, territory: str
) -> None:
    api.user("admin@example.org", {territory: Role.ADMIN})
    login = post(
        client,
        LOGIN_ADMIN,
        e="admin@example.org",
        p=PASSWORD,
    )
    assert login.json()["data"]["login"]["__typename"] == "Me"
    made = post(
        client,
        """mutation($t: ID!) { createToken(territoryId: $t, scope: READ, name: "observatory",
            expiresInDays: 30) { __typename ... on NewToken { token info { id scope expiresAt } } } }""",
        t=territory,
    ).json()["data"]["createToken"]
    assert made["__typename"] == "NewToken"
    plaintext, token_id = made["token"], made["info"]["id"]
    assert made["info"]["scope"] == "READ"
    stored = api.store.find_token(hash_token(plaintext))
    assert stored is not None and stored.id == token_id
    assert plaintext not in stored.model_dump_json()  # only the hash is kept
    listed = post(
        client, "query($t: ID!) { tokens(territoryId: $t) { id name revokedAt } }", t=territory
    )
    assert listed.json()["data"]["tokens"] == [
        {"id": token_id, "name": "observatory", "revokedAt": None}
    ]
    assert plaintext not in listed.text
    # the partner tool uses it (without the admin's cookie)
    tool = TestClient(client.app)
    assert post(tool, READ, token=plaintext, t=territory).status_code == 200
    revoked = post(
        client,
        "mutation($t: ID!, $id: ID!) { revokeToken(territoryId: $t, id: $id) { __typename ... on ApiToken { revokedAt } } }",
        t=territory,
        id=token_id,
    ).json()["data"]["revokeToken"]
    assert revoked["__typename"] == "ApiToken" and revoked["revokedAt"]
    after = post(tool, READ, token=plaintext, t=territory)
    assert after.status_code == 401
    assert "was revoked" in after.json()["errors"][0]["message"]


def test_admin_manages_members(client: TestClient, api: Api, territory: str) -> None:
    admin = api.user("admin@example.org", {territory: Role.ADMIN})
    guest = api.user("jonas@example.org")
    post(
        client,
        LOGIN_ADMIN,
        e="admin@example.org",
        p=PASSWORD,
    )
    set_member = """mutation($t: ID!, $e: String!) { setMember(territoryId: $t, email: $e, role: FACILITATOR) {
        __typename ... on Member { user { email } role } } }"""
    # a non-member is not added by e-mail, account or not (issue 13): the same answer for both
    refused = post(client, set_member, t=territory, e="jonas@example.org").json()["data"]
    unknown = post(client, set_member, t=territory, e="nobody@example.org").json()["data"]
    assert refused["setMember"] == unknown["setMember"] == {"__typename": "ValidationError"}
    invite = """mutation($t: ID!, $e: String!) { inviteMember(territoryId: $t, email: $e,
        role: FACILITATOR) { ... on NewInvitation { token } } }"""
    token = post(client, invite, t=territory, e="jonas@example.org").json()["data"]
    accepted = api.run(
        "mutation($k: String!) { acceptInvitation(token: $k) { __typename } }",
        guest,
        k=token["inviteMember"]["token"],
    )
    assert accepted["acceptInvitation"]["__typename"] == "Membership"
    added = post(client, set_member, t=territory, e="jonas@example.org").json()["data"]["setMember"]
    assert added == {
        "__typename": "Member",
        "user": {"email": "jonas@example.org"},
        "role": "FACILITATOR",
    }
    members = post(
        client, "query($t: ID!) { members(territoryId: $t) { user { email } role } }", t=territory
    )
    assert sorted((m["user"]["email"], m["role"]) for m in members.json()["data"]["members"]) == [
        ("admin@example.org", "ADMIN"),
        ("jonas@example.org", "FACILITATOR"),
    ]
    remove = (
        "mutation($t: ID!, $u: ID!) { removeMember(territoryId: $t, userId: $u) { __typename } }"
    )
    assert (
        post(client, remove, t=territory, u=guest.user.id).json()["data"]["removeMember"][
            "__typename"
        ]
        == "Deleted"
    )  # type: ignore[union-attr]
    # the last admin cannot remove themself
    last = post(client, remove, t=territory, u=admin.user.id).json()["data"]["removeMember"]  # type: ignore[union-attr]
    assert last["__typename"] == "ValidationError"
    assert [m.role for m in api.store.memberships(territory_id=territory)] == [Role.ADMIN]
