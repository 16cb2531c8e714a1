"""What goes wrong is said in the reader's language (issue 15): a French request gets French
validation, not-found and conflict messages, an English one the English text, over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pactmap.graph.model import TokenScope
from pactmap.graph.store import Store
from starlette.testclient import TestClient

from tests.api.conftest import Api

RESULT = """__typename
  ... on ValidationError { message field problems { field message } }
  ... on VersionConflict { message }
  ... on NotFound { message }"""
CREATE = f"mutation($input: CreateActorInput!) {{ r: createActor(input: $input) {{ {RESULT} }} }}"
UPDATE = (
    "mutation($id: ID!, $v: Int!, $input: UpdateActorInput!) "
    f"{{ r: updateActor(id: $id, expectedVersion: $v, input: $input) {{ {RESULT} }} }}"
)
FRENCH = "fr-FR,fr;q=0.9,en;q=0.5"


def test_errors_speak_the_request_language(
    api: Api, store: Store, make_client: Callable[..., TestClient]
) -> None:
    territory = api.territory()
    plaintext, _ = api.token(territory, TokenScope.WRITE)
    client = make_client()

    def ask(query: str, language: str, **variables: Any) -> Any:
        response = client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {plaintext}", "accept-language": language},
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]["r"]

    bad = {"territoryId": territory, "name": "x" * 301, "sector": "OTHER", "influence": 9}
    french = ask(CREATE, FRENCH, input=bad)
    assert french["__typename"] == "ValidationError"
    problems = {p["field"]: p["message"] for p in french["problems"]}
    assert problems["influence"] == "vaut au plus 5"
    assert problems["name"].startswith("compte au plus ")
    assert "influence\u00a0: vaut au plus 5 (reçu\u00a0: 9)" in french["message"]
    english = ask(CREATE, "en-GB", input=bad)
    assert {p["field"]: p["message"] for p in english["problems"]}["influence"] == "is at most 5"
    assert "influence: is at most 5 (got 9)" in english["message"]

    missing = ask(UPDATE, FRENCH, id="act-nowhere", v=1, input={"name": "A"})
    assert missing == {
        "__typename": "NotFound",
        "message": "Élément «\u00a0act-nowhere\u00a0» n’existe pas",
    }

    made = store.create(
        "Actor", {"name": "Hall", "sector": "other"}, territory_id=territory, by="t"
    )
    store.update(made.id, {"name": "Town hall"}, expected_version=1, by="t")
    stale = ask(UPDATE, FRENCH, id=made.id, v=1, input={"name": "City hall"})
    assert stale["__typename"] == "VersionConflict"
    assert stale["message"] == (
        f"Acteur «\u00a0{made.id}\u00a0» est à la version 2, la modification attendait la 1"
    )
    assert store.get(made.id).fields()["name"] == "Town hall"  # nothing half-written
