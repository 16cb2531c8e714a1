"""A resident opens a published territory's page: what was promised, by whom, how far it got.

Expected contents come from the demo territory as stored (its contracts' statuses, parties and
commitments), not from the page's own code; what must never show is planted first (a comment,
a user's e-mail, a draft contract).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pactmap.graph.model import (
    Actor,
    Comment,
    Contract,
    ContractStatus,
    NodeKind,
    RelType,
    utcnow,
)
from pactmap.graph.store import Store, new_id
from pactmap.seeds.demo import load_demo
from starlette.testclient import TestClient

LIVE = {ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.EVALUATED}
FRENCH = {"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"}


@pytest.fixture
def town(store: Store) -> str:
    territory = load_demo(store, by="test")
    store.create(
        NodeKind.CONTRACT,
        {"title": "Secret draft about the night shelter"},
        territory_id=territory,
        by="test",
    )
    user = store.create_user("claire.martin@example.org", name="Claire Martin")
    store.set_membership(user.id, territory, "facilitator")  # type: ignore[arg-type]
    actor = store.list_nodes(NodeKind.ACTOR, territory, first=1).items[0]
    store.add_comment(
        Comment(
            id=new_id("com"),
            territory_id=territory,
            node_id=actor.id,
            author_id=user.id,
            text="Internal remark: their director is hard to reach",
            created_at=utcnow(),
        )
    )
    return territory


def publish(store: Store, territory: str, published: bool = True) -> None:
    node = store.get(territory)
    store.update(territory, {"published": published}, expected_version=node.version, by="test")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_an_unpublished_territory_answers_the_same_404_as_an_unknown_one(
    store: Store, town: str, client: TestClient
) -> None:
    hidden = client.get(f"/public/{town}")
    unknown = client.get("/public/no-such-territory")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content
    assert "Valbrune" not in hidden.text

    publish(store, town)
    assert client.get(f"/public/{town}").status_code == 200
    publish(store, town, published=False)
    assert client.get(f"/public/{town}").status_code == 404


def test_the_page_shows_live_contracts_their_parties_and_commitments_and_nothing_private(
    store: Store, town: str, client: TestClient
) -> None:
    publish(store, town)
    page = client.get(f"/public/{town}?lang=en")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    text = text_of(page.text)

    snapshot = store.snapshot(town)
    contracts = [c for c in snapshot.by_kind(NodeKind.CONTRACT) if isinstance(c, Contract)]
    live = [c for c in contracts if c.status in LIVE]
    hidden = [c for c in contracts if c.status not in LIVE]
    assert live and hidden, "the demo has contracts both in force and not"
    actors = {a.id: a for a in snapshot.by_kind(NodeKind.ACTOR) if isinstance(a, Actor)}
    for contract in live:
        assert contract.title in text
        signers = [
            actors[r.from_id].name
            for r in snapshot.relationships
            if r.type is RelType.SIGNED and r.to_id == contract.id
        ]
        assert signers and all(name in text for name in signers), contract.title
    for contract in hidden:
        assert contract.title not in text, contract.status
    assert "Secret draft" not in text
    assert "claire.martin@example.org" not in page.text
    assert "Claire Martin" not in text
    assert "Internal remark" not in text
    assert "<script" not in page.text.lower()


def test_the_page_speaks_the_readers_language_with_local_dates(
    store: Store, town: str, client: TestClient
) -> None:
    publish(store, town)
    french = client.get(f"/public/{town}", headers=FRENCH)
    english = client.get(f"/public/{town}", headers={"accept-language": "en-GB"})
    assert '<html lang="fr">' in french.text and '<html lang="en">' in english.text
    assert french.headers["content-language"] == "fr"
    assert "Contrats en vigueur" in french.text and "Contracts in force" in english.text
    signed = [
        c.signed_on
        for c in store.snapshot(town).by_kind(NodeKind.CONTRACT)
        if isinstance(c, Contract) and c.status in LIVE and c.signed_on
    ]
    months_fr = "janvier février mars avril mai juin juillet août septembre octobre novembre"
    day = signed[0]
    assert f"{day.day} {months_fr.split()[day.month - 1]} {day.year}" in text_of(french.text)
    assert "%(" not in french.text and "%(" not in english.text  # every placeholder filled
    assert (
        client.get(f"/public/{town}?lang=fr", headers={"accept-language": "en"}).headers[
            "content-language"
        ]
        == "fr"
    )


def test_the_page_is_cacheable_and_revalidates_with_its_etag(
    store: Store, town: str, client: TestClient
) -> None:
    publish(store, town)
    first = client.get(f"/public/{town}", headers=FRENCH)
    assert "public" in first.headers["cache-control"]
    assert "Accept-Language" in first.headers["vary"]
    again = client.get(
        f"/public/{town}", headers={**FRENCH, "if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""

    territory = store.get(town)
    store.update(town, {"description": "Updated"}, expected_version=territory.version, by="test")
    changed = client.get(
        f"/public/{town}", headers={**FRENCH, "if-none-match": first.headers["etag"]}
    )
    assert changed.status_code == 200 and "Updated" in changed.text


def test_indicator_charts_are_drawn_on_the_server_with_a_table_for_screen_readers(
    store: Store, town: str, client: TestClient, make_client: Callable[..., TestClient]
) -> None:
    publish(store, town)
    page = client.get(f"/public/{town}?lang=en").text
    indicators = store.snapshot(town).by_kind(NodeKind.INDICATOR)
    assert page.count('<article class="indicator"') == len(indicators)
    measured = [
        i
        for i in indicators
        if any(
            r.type is RelType.HAS and r.from_id == i.id for r in store.snapshot(town).relationships
        )
    ]
    assert page.count('<svg class="chart"') >= 1
    assert page.count('role="img"') == page.count('<svg class="chart"')
    assert page.count("<caption") >= len(measured)


def test_only_an_admin_publishes_through_graphql(store: Store, town: str) -> None:
    from pactmap.graph.model import Role

    from .conftest import Api

    api = Api(store)
    publish_it = """mutation($id: ID!, $v: Int!) { updateTerritory(id: $id, expectedVersion: $v,
      input: {published: true}) { __typename ... on Territory { published }
      ... on PermissionDenied { message } } }"""
    coordinator = api.user("coord@example.org", {town: Role.COORDINATOR})
    admin = api.user("admin@example.org", {town: Role.ADMIN})
    version = store.get(town).version
    refused = api.run(publish_it, coordinator, id=town, v=version)["updateTerritory"]
    assert refused["__typename"] == "PermissionDenied"
    assert not getattr(store.get(town), "published", False)
    done = api.run(publish_it, admin, id=town, v=version)["updateTerritory"]
    assert done == {"__typename": "Territory", "published": True}
