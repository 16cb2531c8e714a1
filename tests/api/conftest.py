"""Fixtures of the GraphQL tests: a schema-level client (``api``) that runs operations as a
given caller without HTTP, and helpers to make users, territories and tokens."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pactmap.api.app import create_app
from pactmap.api.auth import Caller, caller_for_token, caller_for_user
from pactmap.api.schema import ApiOptions, Context, build_schema
from pactmap.api.schema.feed import ChangeFeed
from pactmap.api.security import hash_password, new_token
from pactmap.api.settings import load_settings
from pactmap.graph.model import ApiToken, NodeKind, Role, TokenScope, utcnow
from pactmap.graph.store import Store, new_id
from starlette.testclient import TestClient

PASSWORD = "correct horse battery staple"
SCHEMA = build_schema(ApiOptions())


class GraphQLErrors(AssertionError):
    pass


class Api:
    """Runs GraphQL operations against ``store`` as a caller, the way the HTTP view does."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.feed = ChangeFeed(poll_seconds=0.05)

    # ------------------------------------------------------------ callers and data
    def territory(self, name: str = "Valbrune") -> str:
        return self.store.create(NodeKind.TERRITORY, {"name": name}, by="test").id

    def user(self, email: str, roles: dict[str, Role] | None = None) -> Caller:
        user = self.store.create_user(email, name=email.split("@")[0], password_hash=HASH)
        for territory_id, role in (roles or {}).items():
            self.store.set_membership(user.id, territory_id, role)
        return caller_for_user(self.store, self.store.get_user(user.id))

    def token(
        self, territory_id: str, scope: TokenScope, *, expires_in: timedelta | None = None
    ) -> tuple[str, ApiToken]:
        plaintext, token_hash = new_token()
        now = utcnow()
        token = ApiToken(
            id=new_id("tok"),
            territory_id=territory_id,
            scope=scope,
            token_hash=token_hash,
            created_at=now,
            expires_at=None if expires_in is None else now + expires_in,
        )
        return plaintext, self.store.create_token(token)

    def token_caller(self, territory_id: str, scope: TokenScope) -> Caller:
        return caller_for_token(self.store, self.token(territory_id, scope)[1])

    # ------------------------------------------------------------ running operations
    def execute(self, query: str, caller: Caller | None = None, **variables: Any) -> Any:
        async def run() -> Any:
            context = Context(
                store=self.store,
                options=ApiOptions(),
                feed=self.feed,
                caller=caller or Caller(),
            )
            return await SCHEMA.execute(query, variable_values=variables, context_value=context)

        return asyncio.run(run())

    def run(self, query: str, caller: Caller | None = None, **variables: Any) -> dict[str, Any]:
        """The data of a successful operation; raises GraphQLErrors listing any error."""
        result = self.execute(query, caller, **variables)
        if result.errors:
            raise GraphQLErrors("; ".join(e.message for e in result.errors))
        data: dict[str, Any] = result.data
        return data

    def errors(self, query: str, caller: Caller | None = None, **variables: Any) -> list[str]:
        result = self.execute(query, caller, **variables)
        return [e.message for e in result.errors or []]


HASH = hash_password(PASSWORD)


@pytest.fixture
def api(store: Store) -> Iterator[Api]:
    yield Api(store)


@pytest.fixture
def sqlite_api(sqlite_store: Store) -> Iterator[Api]:
    yield Api(sqlite_store)


SECRET = "Zq8v3Kp1Wm6Xr0Ty4Bn7Lc2Hd5Gf9Js_A"


@pytest.fixture
def make_client(store: Store, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Start the real app on ``store`` with settings overrides; the client talks HTTP/WS to it
    in-process (Starlette's TestClient, base URL http://testserver)."""
    clients: list[TestClient] = []

    def make(on: Store | None = None, **overrides: Any) -> TestClient:
        """``on``: another store object than ``store`` (a second process's, say)."""
        settings = load_settings(
            data_dir=tmp_path / "data",
            database=f"sqlite:///{tmp_path}/unused.db",
            secret_key=SECRET,
            **overrides,
        )
        client = TestClient(create_app(settings, store=on or store))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def post(client: TestClient, query: str, *, token: str | None = None, **variables: Any) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


class LiveServer:
    """The real app under uvicorn on a free 127.0.0.1 port, in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(store: Store, tmp_path: Path) -> Iterator[LiveServer]:
    settings = load_settings(
        data_dir=tmp_path / "data", database=f"sqlite:///{tmp_path}/unused.db", secret_key=SECRET
    )
    with LiveServer(create_app(settings, store=store)) as server:
        yield server
