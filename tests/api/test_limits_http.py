"""Attacks on the HTTP layer (issue 13): oversized and malformed bodies, production defaults
(introspection, tracebacks) and security headers. Each test is the request, the limit and the
answer."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pactmap.api.headers import CONTENT_SECURITY_POLICY
from pactmap.api.limits import BodyLimitMiddleware
from pactmap.graph.model import TokenScope
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from tests.api.conftest import Api, post
from tests.api.test_http import ExplodingStore

MB = 1024 * 1024
IMPORT = """mutation($t: ID!, $c: String!) { importFile(territoryId: $t, format: "csv",
  contentBase64: $c, filename: "actors.csv") { __typename } }"""


async def _through_limit(
    chunks: list[bytes], headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[int, int, bool]:
    """Send ``chunks`` to the body limit (1 MiB, imports 4 MiB) as a client streaming them:
    (the status answered, how many chunks the server took, whether the app was reached)."""
    taken = 0
    reached = False

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal reached
        reached = True
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive() -> dict[str, Any]:
        nonlocal taken
        taken += 1
        return {"type": "http.request", "body": chunks[taken - 1], "more_body": taken < len(chunks)}

    status = 0

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": headers or [(b"content-type", b"application/json")],
    }
    limit = BodyLimitMiddleware(app, max_body=1 * MB, max_import=4 * MB)
    await limit(scope, receive, send)
    return status, taken, reached


def test_a_30_mb_query_is_refused_after_reading_just_over_the_limit() -> None:
    # issue 13: a 30 MB query answered 200 (server memory 91 -> 240 MB)
    chunks = [b'{"query": "{ me { user { id } } }", "pad": "'] + [b"a" * 65536] * 480
    status, taken, reached = asyncio.run(_through_limit(chunks))
    assert status == 413 and not reached
    assert taken == 1 + 16  # the head and 16 chunks of 64 KiB pass 1 MiB: 17 of 481 read


def test_a_declared_length_over_the_import_limit_is_refused_before_any_byte() -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", b"31457280")]
    status, taken, reached = asyncio.run(_through_limit([b"{}"], headers))
    assert (status, taken, reached) == (413, 0, False)


def test_an_import_may_pass_the_plain_limit_up_to_the_import_limit() -> None:
    head = json.dumps({"query": IMPORT, "variables": {"t": "ter-1", "c": ""}})[:-3].encode()
    body = head + b"A" * (2 * MB) + b'"}}'
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    assert asyncio.run(_through_limit(chunks))[0::2] == (200, True)
    bigger = chunks + [b"A" * 65536] * 40  # past 4 MiB
    assert asyncio.run(_through_limit(bigger))[0::2] == (413, False)


def test_a_query_that_only_names_importfile_is_held_to_the_plain_limit(
    client: TestClient,
) -> None:
    pad = "importFile " + "a" * (2 * MB)
    response = client.post("/graphql", json={"query": "{ me { user { id } } }", "pad": pad})
    assert response.status_code == 413
    assert "not an import" in response.json()["errors"][0]["message"]


def test_a_real_import_over_the_plain_limit_reaches_importfile(
    client: TestClient, store: Store
) -> None:
    api = Api(store)
    territory = api.territory()
    plaintext, _ = api.token(territory, scope=TokenScope.WRITE)
    rows = "id,name,sector\n" + "".join(f"act-{n},Actor {n},association\n" for n in range(40000))
    content = base64.b64encode(rows.encode()).decode()
    assert len(content) > MB  # over PACTMAP_MAX_BODY_BYTES, under PACTMAP_MAX_IMPORT_BYTES
    response = post(client, IMPORT, token=plaintext, t=territory, c=content)
    assert response.status_code == 200
    assert response.json()["data"]["importFile"]["__typename"] == "ImportedFile"


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"123", "not int"),
        (b"null", "not NoneType"),
        (b'"x"', "not str"),
        (b"[]", "not list"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"query": ', "not JSON"),
        (b'{"query": "\xff"}', "not UTF-8"),
        (b'{"query": 5}', "query must be a string"),
        (b'{"query": "{ me { user { id } } }", "variables": [1]}', "variables must be"),
    ],
)
def test_a_malformed_body_answers_400_with_a_message(
    client: TestClient, body: bytes, said: str
) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert said in response.json()["errors"][0]["message"]


def test_a_body_of_another_type_is_refused_with_a_message(client: TestClient) -> None:
    response = client.post("/graphql", content=b"123", headers={"content-type": "text/plain"})
    assert response.status_code == 415  # as before issue 13: a CSRF rule, not a crash
    assert "application/json" in response.json()["errors"][0]["message"]


INTROSPECT = "{ __schema { queryType { name } } }"


def test_production_keeps_the_schema_for_signed_in_callers(
    make_client: Callable[..., TestClient], store: Store
) -> None:
    client = make_client(env="production")
    api = Api(store)
    plaintext, _ = api.token(api.territory(), scope=TokenScope.READ)
    anonymous = post(client, INTROSPECT).json()
    assert "introspection needs a signed-in caller" in anonymous["errors"][0]["message"]
    assert post(client, "{ __typename }").json()["data"] == {"__typename": "Query"}
    signed = post(client, INTROSPECT, token=plaintext).json()
    assert signed["data"]["__schema"]["queryType"]["name"] == "Query"
    assert client.get("/graphql/schema.graphql").status_code == 401
    auth = {"authorization": f"Bearer {plaintext}"}
    assert "type Query" in client.get("/graphql/schema.graphql", headers=auth).text


def test_development_and_the_setting_keep_the_schema_public(
    make_client: Callable[..., TestClient],
) -> None:
    for client in (make_client(), make_client(env="production", public_schema=True)):
        assert "data" in post(client, INTROSPECT).json()
        assert client.get("/graphql/schema.graphql").status_code == 200


@pytest.mark.parametrize(("host", "shown"), [("127.0.0.1", True), ("0.0.0.0", False)])
def test_development_shows_error_details_only_on_loopback(
    make_client: Callable[..., TestClient], store: Store, host: str, shown: bool
) -> None:
    api = Api(store)
    territory = api.territory()
    plaintext, _ = api.token(territory, scope=TokenScope.READ)
    client = make_client(host=host)  # env: development, the default
    client.app.state.graphql.store = ExplodingStore(store)  # type: ignore[attr-defined]
    query = "query($t: ID!) { actors(territoryId: $t) { totalCount } }"
    message = post(client, query, token=plaintext, t=territory).json()["errors"][0]["message"]
    assert ("MATCH" in message) is shown
    assert client.app.debug is shown  # type: ignore[attr-defined]


def test_every_response_carries_the_security_headers(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client()
    for response in (
        client.get("/healthz"),
        client.get("/graphql", headers={"accept": "text/html"}),
        client.get("/graphql/schema.graphql"),
        client.post("/graphql", content=b"123", headers={"content-type": "application/json"}),
        client.get("/some/page"),
    ):
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in response.headers  # plain HTTP
    policy = dict(p.split(" ", 1) for p in CONTENT_SECURITY_POLICY.split("; "))
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    secure = make_client(env="production").get("/healthz")
    assert secure.headers["strict-transport-security"].startswith("max-age=31536000")


def test_no_page_needs_an_inline_script(client: TestClient) -> None:
    pages = [client.get("/graphql", headers={"accept": "text/html"}).text]
    pages.append((Path(__file__).parents[2] / "webui" / "index.html").read_text("utf-8"))
    for page in pages:
        for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S):
            assert tag.strip() == ""  # every script comes from a file (CSP script-src 'self')
        assert not re.search(r"\son[a-z]+\s*=", page)  # no inline event handlers either
    script = client.get("/graphql/explorer.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert 'addEventListener("click", run)' in script.text


@pytest.mark.parametrize(
    ("fmt", "filename", "content"),
    [
        ("xlsx", "map.xlsx", b"PK\x03\x04 not really a workbook"),
        ("graphml", "map.graphml", b'<!DOCTYPE g [<!ENTITY e "e">]><graphml>&e;</graphml>'),
        ("gexf", "map.gexf", b"<gexf><unclosed"),
        ("csv", "map.zip", b"PK\x03\x04 a truncated zip"),
        ("kumu", "map.kumu", b"{not json"),
    ],
)
def test_import_errors_do_not_show_server_paths(
    client: TestClient, store: Store, fmt: str, filename: str, content: bytes
) -> None:
    api = Api(store)
    territory = api.territory()
    plaintext, _ = api.token(territory, scope=TokenScope.WRITE)
    query = """mutation($t: ID!, $f: String!, $c: String!, $n: String) {
      importFile(territoryId: $t, format: $f, contentBase64: $c, filename: $n) {
        __typename ... on ValidationError { message problems { field message } } } }"""
    encoded = base64.b64encode(content).decode()
    response = post(client, query, token=plaintext, t=territory, f=fmt, c=encoded, n=filename)
    answer = response.json()["data"]["importFile"]
    assert answer["__typename"] == "ValidationError"
    assert "pactmap-import-" not in response.text and "/tmp" not in response.text
