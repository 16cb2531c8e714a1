"""The app factory: /healthz, the GraphQL hook, the web UI bundle with its SPA fallback."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pactmap.api import app as app_module
from pactmap.api.app import create_app
from pactmap.api.settings import Settings, load_settings, open_store
from pactmap.graph.errors import StoreUnavailable
from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store
from starlette.testclient import TestClient


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        data_dir=tmp_path / "data",
        database=f"sqlite:///{tmp_path}/app.db",
        secret_key="Zq8v3Kp1Wm6Xr0Ty4Bn7Lc2Hd5Gf9Js_A",
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_healthz_reports_the_store_kind_and_version(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "store": "sqlite",
        "version": importlib.metadata.version("pactmap"),
    }


def test_responses_carry_a_request_id_and_safe_headers(client: TestClient) -> None:
    response = client.get("/healthz", headers={"x-request-id": "abc123"})
    assert response.headers["x-request-id"] == "abc123"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    # an id a client sends that is not plain alphanumerics is replaced, not echoed
    response = client.get("/healthz", headers={"x-request-id": "<script>"})
    assert response.headers["x-request-id"] != "<script>"


def test_healthz_answers_503_when_the_store_does_not_answer(settings: Settings) -> None:
    store = open_store(settings)
    store.close()  # a closed SqliteStore raises StoreUnavailable on every operation
    with pytest.raises(StoreUnavailable):
        store.list_nodes(NodeKind.TERRITORY, None)

    with TestClient(create_app(settings, store)) as test_client:
        response = test_client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_production_masks_the_store_error(settings: Settings) -> None:
    production = settings.model_copy(update={"env": "production"})
    store = open_store(settings)
    store.close()
    with TestClient(create_app(production, store)) as test_client:
        body = test_client.get("/healthz").json()
    assert body["error"] == "the store does not answer"
    assert str(settings.sqlite_path) not in str(body)


def test_the_app_closes_the_store_it_opened_and_leaves_a_given_one_open(
    settings: Settings,
) -> None:
    app = create_app(settings)
    with TestClient(app):
        owned: Store = app.state.store
    with pytest.raises(StoreUnavailable):
        owned.list_nodes(NodeKind.TERRITORY, None)

    given = open_store(settings)
    try:
        with TestClient(create_app(settings, given)):
            pass
        assert given.list_nodes(NodeKind.TERRITORY, None).total_count == 0
    finally:
        given.close()


def test_without_a_built_bundle_the_ui_says_how_to_build_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "webui_dist", lambda: None)
    for path in ("/", "/territories/ter-1/map"):
        response = client.get(path)
        assert response.status_code == 503
        assert "make webui" in response.text


def test_the_ui_bundle_is_served_with_a_single_page_fallback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>pactmap</html>")
    (dist / "assets" / "app-1234.js").write_text("console.log('pactmap')")
    (tmp_path / "secret.txt").write_text("outside the bundle")
    monkeypatch.setattr(app_module, "webui_dist", lambda: dist)

    index = client.get("/")
    assert index.status_code == 200
    assert index.text == "<html>pactmap</html>"
    assert index.headers["cache-control"] == "no-cache"

    asset = client.get("/assets/app-1234.js")
    assert asset.text == "console.log('pactmap')"
    assert "immutable" in asset.headers["cache-control"]

    # a client-side route gets index.html; a missing asset is a plain 404
    assert client.get("/territories/ter-1/gaps").text == "<html>pactmap</html>"
    assert client.get("/assets/gone-999.js").status_code == 404
    # nothing outside dist/ is reachable
    escaped = client.get("/%2e%2e/secret.txt")
    assert "outside the bundle" not in escaped.text


def test_graphql_is_mounted_before_the_ui_fallback(client: TestClient) -> None:
    answer = client.post("/graphql", json={"query": "{ __typename }"})
    assert answer.status_code == 200
    assert answer.json() == {"data": {"__typename": "Query"}}


def test_cors_is_off_by_default_and_on_for_configured_origins(settings: Settings) -> None:
    preflight = {
        "origin": "https://dashboard.example",
        "access-control-request-method": "POST",
    }
    with TestClient(create_app(settings)) as test_client:
        response = test_client.options("/healthz", headers=preflight)
        assert "access-control-allow-origin" not in response.headers

    allowed = settings.model_copy(update={"cors_origins": ["https://dashboard.example"]})
    with TestClient(create_app(allowed)) as test_client:
        response = test_client.options("/healthz", headers=preflight)
        assert response.headers["access-control-allow-origin"] == "https://dashboard.example"


@pytest.mark.neo4j
def test_healthz_on_neo4j(tmp_path: Path, neo4j_server: Any) -> None:
    settings = load_settings(
        data_dir=tmp_path / "data",
        database=neo4j_server.uri,
        neo4j_user=neo4j_server.user,
        neo4j_password=neo4j_server.password,
    )
    with TestClient(create_app(settings)) as test_client:
        response = test_client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["store"] == "neo4j"
    assert response.json()["status"] == "ok"
