"""Query cost (issue 13): one read-token query must not exhaust the server. The cost is computed
before execution and a query over PACTMAP_MAX_QUERY_COST is refused with its cost and the limit;
every query the web UI sends fits."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import graphql
import pytest
from pactmap.api.cost import LIST_SIZE, operation_cost
from pactmap.api.schema import ApiOptions, build_schema
from pactmap.graph.model import NodeKind, RelType, TokenScope
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from tests.api.conftest import Api, post

WEBUI = Path(__file__).parents[2] / "webui" / "src"
DEFAULT_LIMIT = 10_000  # api/settings.py, PACTMAP_MAX_QUERY_COST


def _neighbours(levels: int) -> str:
    return (
        "query($i: ID!) { node(id: $i) { "
        + "neighbours { " * levels
        + "id"
        + " }" * levels
        + " } }"
    )


def _schema() -> graphql.GraphQLSchema:
    return build_schema(ApiOptions())._schema


def _star(store: Store) -> tuple[str, str]:
    """A territory where one actor is linked to nine others (the issue's ~9 per level)."""
    api = Api(store)
    territory = api.territory()
    actor = {"name": "Hub", "sector": "association"}
    hub = store.create(NodeKind.ACTOR, actor, by="t", territory_id=territory)
    for n in range(9):
        actor = {"name": f"Spoke {n}", "sector": "association"}
        spoke = store.create(NodeKind.ACTOR, actor, by="t", territory_id=territory)
        store.link(RelType.COLLABORATES_WITH, hub.id, spoke.id, by="t")
    return territory, hub.id


def test_six_levels_of_neighbours_with_a_read_token_are_refused_before_execution(
    client: TestClient, store: Store
) -> None:
    territory, hub = _star(store)
    plaintext, _ = Api(store).token(territory, scope=TokenScope.READ)
    # issue 13: this answered 20 MB in 19-31 s with the server at 411 MB
    response = post(client, _neighbours(6), token=plaintext, i=hub)
    assert response.status_code == 200
    body = response.json()
    assert body.get("data") is None
    error = body["errors"][0]
    assert error["message"].startswith("the query costs 1111111, more than the limit of 10000")
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 1111111, "limit": 10000}
    assert len(response.content) < 1000


def test_a_query_within_the_limit_is_answered(client: TestClient, store: Store) -> None:
    territory, hub = _star(store)
    plaintext, _ = Api(store).token(territory, scope=TokenScope.READ)
    body = post(client, _neighbours(2), token=plaintext, i=hub).json()  # costs 111
    assert "errors" not in body
    assert len(body["data"]["node"]["neighbours"]) == 9


def test_the_limit_is_a_setting(make_client: Callable[..., TestClient], store: Store) -> None:
    territory, hub = _star(store)
    plaintext, _ = Api(store).token(territory, scope=TokenScope.READ)
    client = make_client(max_query_cost=100)
    error = post(client, _neighbours(2), token=plaintext, i=hub).json()["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 111, "limit": 100}


def test_first_counts_from_the_argument_the_variable_or_the_default() -> None:
    schema = _schema()
    query = 'query($n: Int!) { actors(territoryId: "t", first: $n) { edges { node { id } } } }'
    # the connection 1, then first x (edge 1 + node 1)
    assert operation_cost(schema, graphql.parse(query), variables={"n": 1000}) == 1 + 1000 * 2
    literal = '{ actors(territoryId: "t", first: 3) { edges { node { id } } } }'
    assert operation_cost(schema, graphql.parse(literal)) == 1 + 3 * 2
    default = '{ actors(territoryId: "t") { edges { node { id } } } }'
    assert operation_cost(schema, graphql.parse(default)) == 1 + 50 * 2  # first: Int! = 50
    assert operation_cost(schema, graphql.parse(_neighbours(1))) == 1 + LIST_SIZE


def _webui_sources() -> list[Path]:
    return [
        file
        for file in sorted(WEBUI.rglob("*.ts"))
        # codegen repeats each document
        if ".test." not in file.name and "generated" not in file.parts
    ]


def _webui_fragments() -> str:
    """Every fragment the web UI's documents define, to resolve their spreads."""
    return "\n".join(
        text
        for file in _webui_sources()
        for text in re.findall(r"`\s*(fragment\b[^`]*)`", file.read_text())
    )


def _webui_queries() -> dict[str, str]:
    """Every whole operation written in webui/src, with the fragments it may spread (those built
    from ${...} pieces are skipped)."""
    fragments = _webui_fragments()
    found: dict[str, str] = {}
    for file in _webui_sources():
        for text in re.findall(r"`\s*((?:query|mutation|subscription)\b[^`]*)`", file.read_text()):
            if "${" not in text:
                found[f"{file.name}: {text.split('{')[0].strip()}"] = f"{text}\n{fragments}"
    return found


def test_every_query_of_the_web_ui_fits_and_synthesis_is_the_heaviest() -> None:
    schema = _schema()
    queries = _webui_queries()
    assert len(queries) >= 20
    costs = {name: operation_cost(schema, graphql.parse(q)) for name, q in queries.items()}
    heaviest = max(costs, key=costs.__getitem__)
    assert heaviest == "synthesis.ts: query Synthesis($t: ID!)"
    assert costs[heaviest] == 3242 <= DEFAULT_LIMIT  # quoted in the README's Security section


@pytest.mark.parametrize("kind", ["Actor", "Contract"])
def test_the_web_ui_node_detail_fits(kind: str) -> None:
    source = (WEBUI / "documents" / "nodeDetails.ts").read_text()  # read by lib/nodeApi.ts
    match = re.search(rf"`\s*(query NodeDetail{kind}\b[^`]*)`", source)
    assert match is not None
    query = f"{match.group(1)}\n{_webui_fragments()}"
    assert operation_cost(_schema(), graphql.parse(query)) <= DEFAULT_LIMIT
