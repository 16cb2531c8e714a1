"""A GraphQL fuzzer (hypothesis-graphql) over the whole schema, posting to the real app as an
admin (session cookie) and as a write token, in production mode: no response is a 500, none
carries a traceback, and no operation hits an unexpected error (which would be masked)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from pactmap.api.schema import schema
from pactmap.graph.model import NodeKind, RelType, Role, TokenScope
from starlette.testclient import TestClient

from tests.api.conftest import PASSWORD, Api, post

SDL = schema.as_str()
# every mutation but logout (it would end the fuzzing session)
MUTATIONS = [
    name
    for name in schema.as_str().split("type Mutation {", 1)[1].split("}", 1)[0].split()
    if name[:1].islower() and "(" in name
]
MUTATION_FIELDS = sorted({name.split("(", 1)[0] for name in MUTATIONS} - {"logout"})


def scalars(ids: list[str]) -> dict[str, Any]:
    known = st.sampled_from(ids)
    anything = st.text(max_size=20)
    return {
        "ID": st.one_of(known, anything).map(nodes.String),
        "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
        "DateTime": st.datetimes().map(lambda d: nodes.String(d.isoformat())),
        "JSON": st.one_of(
            st.just(nodes.Object([])),
            st.just(nodes.String("x")),
            st.integers().map(nodes.Int),
        ),
    }


def check(response: Any) -> None:
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    if response.headers.get("content-type", "").startswith("application/json"):
        for error in response.json().get("errors") or []:
            assert "Unexpected error" not in error["message"], response.text


@pytest.fixture
def target(make_client: Callable[..., TestClient], api: Api) -> tuple[TestClient, list[str]]:
    store = api.store
    t = api.territory()
    api.user("admin@example.org", {t: Role.ADMIN})
    hall = store.create(
        NodeKind.ACTOR, {"name": "Hall", "sector": "public_authority"}, by="t", territory_id=t
    )
    topic = store.create(
        NodeKind.TOPIC, {"name": "Energy", "dimension": "A"}, by="t", territory_id=t
    )
    contract = store.create(NodeKind.CONTRACT, {"title": "Pact"}, by="t", territory_id=t)
    indicator = store.create(NodeKind.INDICATOR, {"name": "Cold homes"}, by="t", territory_id=t)
    store.link(RelType.WORKS_ON, hall.id, topic.id, by="t")
    token, _ = api.token(t, TokenScope.WRITE)
    client = make_client(env="production")
    login = post(
        client,
        'mutation($p: String!) { login(email: "admin@example.org", password: $p) { __typename } }',
        p=PASSWORD,
    )
    assert login.json()["data"]["login"]["__typename"] == "Me"
    ids = [t, hall.id, topic.id, contract.id, indicator.id, "ter-elsewhere", token]
    return client, ids


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)


@pytest.mark.slow
def test_fuzzed_queries_never_fail_unexpectedly(target: tuple[TestClient, list[str]]) -> None:
    client, ids = target

    @FUZZ
    @given(query=from_schema(SDL, custom_scalars=scalars(ids)))
    def run(query: str) -> None:
        check(client.post("/graphql", json={"query": query}))

    run()


@pytest.mark.slow
def test_fuzzed_mutations_never_fail_unexpectedly(target: tuple[TestClient, list[str]]) -> None:
    client, ids = target

    @FUZZ
    @given(query=from_schema(SDL, fields=MUTATION_FIELDS, custom_scalars=scalars(ids)))
    def run(query: str) -> None:
        check(client.post("/graphql", json={"query": query}))

    run()
