"""/graphql over HTTP: the offline explorer, CSRF rules, GET never mutating, sign-in cookies,
limits, and masked errors carrying the request id."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from pactmap.api.security import hash_token
from pactmap.graph.model import NodeKind, Role, TokenScope
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from tests.api.conftest import PASSWORD, Api, post

LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on Me { user { email } memberships { role } } ... on PermissionDenied { message } } }"""


def test_explorer_is_served_offline(client: TestClient) -> None:
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "pactmap GraphQL explorer" in page.text
    # nothing is fetched from another host: no absolute URL in any src/href, no CDN
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page.text)
    assert "cdn" not in page.text.lower()
    sdl = client.get("/graphql/schema.graphql")
    assert sdl.status_code == 200
    assert "type Query" in sdl.text


def test_a_post_must_be_json(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        content="query=%7B+me+%7B+user+%7B+id+%7D+%7D+%7D",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["errors"][0]["message"]


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    query = {"query": "{ me { user { id } } }"}
    foreign = client.post("/graphql", json=query, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert "evil.example" in foreign.json()["errors"][0]["message"]
    same = client.post("/graphql", json=query, headers={"origin": "http://testserver"})
    assert same.status_code == 200


def test_a_configured_cors_origin_may_post(make_client: Callable[..., TestClient]) -> None:
    client = make_client(cors_origins="https://dashboard.example")
    query = {"query": "{ me { user { id } } }"}
    allowed = client.post("/graphql", json=query, headers={"origin": "https://dashboard.example"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://dashboard.example"
    refused = client.post("/graphql", json=query, headers={"origin": "https://other.example"})
    assert refused.status_code == 403


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.options(
        "/graphql",
        headers={"origin": "https://dashboard.example", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_get_never_mutates(client: TestClient, store: Store) -> None:
    api = Api(store)
    territory = api.territory()
    api.user("c@example.org", {territory: Role.COORDINATOR})
    login = post(client, LOGIN, e="c@example.org", p=PASSWORD)
    assert login.json()["data"]["login"]["__typename"] == "Me"
    mutation = f'mutation {{ createActor(input: {{territoryId: "{territory}", name: "X", sector: OTHER}}) {{ __typename }} }}'
    response = client.get("/graphql", params={"query": mutation})
    assert response.status_code in (400, 405)
    assert store.list_nodes(NodeKind.ACTOR, territory).total_count == 0
    # a query may come by GET
    read = client.get("/graphql", params={"query": "{ me { user { email } } }"})
    assert read.json() == {"data": {"me": {"user": {"email": "c@example.org"}}}}


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(
    client: TestClient, store: Store
) -> None:
    api = Api(store)
    territory = api.territory()
    api.user("amira@example.org", {territory: Role.COORDINATOR})
    wrong = post(client, LOGIN, e="amira@example.org", p="not the password")
    assert wrong.json()["data"]["login"] == {
        "__typename": "PermissionDenied",
        "message": "wrong e-mail or password",
    }
    assert "set-cookie" not in wrong.headers
    ok = post(client, LOGIN, e="Amira@Example.org", p=PASSWORD)
    assert ok.json()["data"]["login"]["memberships"] == [{"role": "COORDINATOR"}]
    cookie = ok.headers["set-cookie"]
    assert cookie.startswith("pactmap_session=pms_")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development default (PACTMAP_COOKIE_SECURE off)
    value = cookie.split(";")[0].split("=", 1)[1]
    # the store keeps the cookie's hash, never the cookie
    assert store.find_session(value) is None
    assert store.find_session(hash_token(value)) is not None
    me = post(client, "{ me { user { email } } }")
    assert me.json()["data"]["me"]["user"]["email"] == "amira@example.org"
    out = post(client, "mutation { logout }")
    assert out.json()["data"]["logout"] is True
    client.cookies.set("pactmap_session", value)  # replaying the old cookie does not work
    assert post(client, "{ me { user { email } } }").json()["data"]["me"] is None


def test_cookie_is_secure_when_configured(
    make_client: Callable[..., TestClient], store: Store
) -> None:
    client = make_client(cookie_secure=True)
    Api(store).user("s@example.org")
    response = post(client, LOGIN, e="s@example.org", p=PASSWORD)
    assert "Secure" in response.headers["set-cookie"]


class ExplodingStore:
    """A store whose lists fail with an internal message that must not reach clients."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def list_nodes(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("MATCH (n:Actor) RETURN n -- internal detail")


@pytest.mark.parametrize("env", ["production", "development"])
def test_unexpected_errors_are_masked_in_production(
    make_client: Callable[..., TestClient], store: Store, env: str, caplog: pytest.LogCaptureFixture
) -> None:
    api = Api(store)
    territory = api.territory()
    plaintext, _ = api.token(territory, scope=_read())
    api.store = ExplodingStore(store)  # type: ignore[assignment]
    client = make_client(env=env)
    client.app.state.graphql.store = api.store  # type: ignore[attr-defined]
    response = post(
        client,
        "query($t: ID!) { actors(territoryId: $t) { totalCount } }",
        token=plaintext,
        t=territory,
    )
    assert response.status_code == 200
    message = response.json()["errors"][0]["message"]
    request_id = response.headers["x-request-id"]
    if env == "production":
        assert message == f"Unexpected error (request id {request_id})."
        assert "MATCH" not in response.text
    else:
        assert "MATCH" in message
    assert "Traceback" not in response.text
    assert any(request_id in r.getMessage() for r in caplog.records)


def test_expected_errors_keep_their_message_in_production(
    make_client: Callable[..., TestClient], store: Store
) -> None:
    client = make_client(env="production")
    api = Api(store)
    plaintext, _ = api.token(api.territory(), scope=_read())
    response = post(
        client,
        'query { actors(territoryId: "ter-elsewhere") { totalCount } }',
        token=plaintext,
    )
    assert "no territory 'ter-elsewhere'" in response.json()["errors"][0]["message"]


def test_depth_alias_and_token_limits(client: TestClient) -> None:
    deep = "{ territories { " + "neighbours { " * 14 + "id" + " }" * 14 + " } }"
    assert "exceeds maximum operation depth" in post(client, deep).json()["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: me {{ user {{ id }} }}" for i in range(40)) + " }"
    assert "aliases" in post(client, aliases).json()["errors"][0]["message"]
    tokens = "{ me { user { " + " ".join(["id"] * 5000) + " } } }"
    assert "token" in post(client, tokens).json()["errors"][0]["message"].lower()
    # Parsed and validated documents are cached: the same refused documents stay refused.
    for _ in range(2):
        assert (
            "exceeds maximum operation depth" in post(client, deep).json()["errors"][0]["message"]
        )
        assert "aliases" in post(client, aliases).json()["errors"][0]["message"]
        assert "token" in post(client, tokens).json()["errors"][0]["message"].lower()


def test_malformed_queries_are_graphql_errors_not_500(client: TestClient) -> None:
    for body in ["{ me { ", "{ nosuchfield }", "query($x: Int!) { territory(id: $x) { id } }"]:
        response = post(client, body)
        assert response.status_code in (200, 400)
        assert response.json()["errors"]
    bad_variable = post(
        client, "query($t: ID!) { actors(territoryId: $t, first: $t) { totalCount } }", t=3
    )
    assert bad_variable.status_code in (200, 400)
    not_json = client.post("/graphql", content="{", headers={"content-type": "application/json"})
    assert not_json.status_code == 400


def _read() -> TokenScope:

    return TokenScope.READ


def test_large_answers_are_compressed_small_ones_are_not(client: TestClient) -> None:
    big = client.get("/graphql/schema.graphql", headers={"accept-encoding": "gzip"})
    assert big.status_code == 200
    assert big.headers.get("content-encoding") == "gzip"  # the schema text is tens of KB
    assert "type Actor" in big.text  # httpx decompresses: the content is intact
    small = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers  # under the 1 KB threshold


def test_a_database_outage_is_a_503_with_retry_after(
    make_client: Callable[..., TestClient], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen under load in `make bench` (load): Neo4j stopped while a token was being checked
    gave a 500; the caller is told the database is unavailable and when to try again."""
    from pactmap.graph.errors import StoreUnavailable

    client = make_client()

    def down(_: str) -> None:
        raise StoreUnavailable("Neo4j at bolt://127.0.0.1:7687 is unavailable")

    monkeypatch.setattr(store, "find_token", down)
    response = post(client, "{ __typename }", token="pm_nobody")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "STORE_UNAVAILABLE"
    assert "unavailable" in error["message"]


def test_expected_errors_carry_a_code(api: Api, client: TestClient, store: Store) -> None:
    territory = api.territory()
    plaintext, _ = api.token(territory, TokenScope.READ)
    query = 'query { neighbourhood(id: "act-missing") { nodes { id } } }'
    (error,) = post(client, query, token=plaintext).json()["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["message"] == "Node 'act-missing' does not exist"
