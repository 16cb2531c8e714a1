"""mapChanged over graphql-transport-ws against the real app under uvicorn: each committed
change reaches every subscriber allowed to read the territory, whoever made it, whichever
process wrote it; others are refused."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import websockets
from pactmap.graph.model import NodeKind, Role, TokenScope

from tests.api.conftest import PASSWORD, Api, LiveServer

SUBSCRIBE = """subscription($t: ID!, $after: Int) {
  mapChanged(territoryId: $t, afterSeq: $after) { seq op target targetType by after } }"""
WAIT = 15.0  # seconds; generous, the machine running the suite may be busy
LOGIN = 'mutation($p: String!) { login(email: "c@example.org", password: $p) { __typename } }'
CREATE = """mutation($t: ID!, $n: String!) { createActor(input: {territoryId: $t, name: $n,
  sector: ASSOCIATION}) { __typename ... on Actor { id } } }"""


@contextlib.asynccontextmanager
async def subscription(
    server: LiveServer,
    token: str | None,
    territory: str,
    after_seq: int | None = None,
    **connect: Any,
) -> AsyncIterator[Any]:
    """A graphql-transport-ws connection following mapChanged, closed on the way out."""
    ws = await websockets.connect(
        server.url.replace("http", "ws") + "/graphql",
        subprotocols=["graphql-transport-ws"],
        **connect,
    )
    try:
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        assert ack["type"] == "connection_ack", ack
        variables = {"t": territory, "after": after_seq}
        message = {"query": SUBSCRIBE, "variables": variables}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": message}))
        yield ws
    finally:
        await ws.close()


async def next_change(ws: Any, timeout: float = WAIT) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    change: dict[str, Any] = message["payload"]["data"]["mapChanged"]
    return change


async def mutate(server: LiveServer, token: str, territory: str, name: str) -> str:
    async with httpx.AsyncClient(base_url=server.url) as client:
        response = await client.post(
            "/graphql",
            json={"query": CREATE, "variables": {"t": territory, "n": name}},
            headers={"authorization": f"Bearer {token}"},
        )
    created = response.json()["data"]["createActor"]
    assert created["__typename"] == "Actor", created
    return str(created["id"])


def test_two_subscribers_see_another_clients_edit(live_server: LiveServer, api: Api) -> None:
    territory = api.territory()
    reader, _ = api.token(territory, TokenScope.READ)
    writer, writer_token = api.token(territory, TokenScope.WRITE)
    seen = api.store.territory_version(territory)  # as a client reads changeSeq with the map

    async def scenario() -> None:
        async with (
            subscription(live_server, reader, territory, seen) as first,
            subscription(live_server, reader, territory, seen) as second,
        ):
            actor_id = await mutate(live_server, writer, territory, "Energy advice")
            for ws in (first, second):
                change = await next_change(ws)
                assert change["op"] == "CREATE"
                assert change["target"] == actor_id
                assert change["targetType"] == "Actor"
                assert change["by"] == f"token:{writer_token.id}"
                assert change["after"]["name"] == "Energy advice"

    asyncio.run(scenario())


def test_from_now_delivers_a_later_change(live_server: LiveServer, api: Api) -> None:
    territory = api.territory()
    reader, _ = api.token(territory, TokenScope.READ)
    writer, _ = api.token(territory, TokenScope.WRITE)

    async def scenario() -> None:
        async with subscription(live_server, reader, territory) as ws:
            # no afterSeq: the feed starts when the subscription starts; wait until it has
            # (a change made before that is not part of "from now on")
            await asyncio.sleep(2.0)
            actor_id = await mutate(live_server, writer, territory, "Late")
            assert (await next_change(ws))["target"] == actor_id

    asyncio.run(scenario())


def test_after_seq_replays_what_was_missed(live_server: LiveServer, api: Api) -> None:
    territory = api.territory()
    reader, _ = api.token(territory, TokenScope.READ)
    seen = api.store.territory_version(territory)
    missed = [
        api.store.create(
            NodeKind.TOPIC, {"name": n, "dimension": "A"}, by="u", territory_id=territory
        ).id
        for n in ("Energy", "Housing")
    ]

    async def scenario() -> None:
        async with subscription(live_server, reader, territory, seen) as ws:
            assert [(await next_change(ws))["target"] for _ in missed] == missed

    asyncio.run(scenario())


def test_a_change_written_by_another_process_arrives_by_polling(
    live_server: LiveServer, api: Api
) -> None:
    territory = api.territory()
    reader, _ = api.token(territory, TokenScope.READ)
    seen = api.store.territory_version(territory)

    async def scenario() -> None:
        async with subscription(live_server, reader, territory, seen) as ws:
            await asyncio.sleep(0.5)  # the subscriber has read the log and waits
            # written straight to the store, as another API process would: no in-process wake-up
            made = await asyncio.to_thread(
                api.store.create,
                NodeKind.TOPIC,
                {"name": "Housing", "dimension": "B"},
                by="elsewhere",
                territory_id=territory,
            )
            change = await next_change(ws)
            assert (change["target"], change["by"]) == (made.id, "elsewhere")

    asyncio.run(scenario())


def test_session_cookie_authenticates_a_subscription(live_server: LiveServer, api: Api) -> None:
    territory = api.territory()
    api.user("c@example.org", {territory: Role.VIEWER})
    writer, _ = api.token(territory, TokenScope.WRITE)
    seen = api.store.territory_version(territory)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=live_server.url) as client:
            login = await client.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"p": PASSWORD}},
            )
            assert login.json()["data"]["login"]["__typename"] == "Me"
            cookie = login.headers["set-cookie"].split(";")[0]
        headers = {"cookie": cookie}
        async with subscription(
            live_server, None, territory, seen, additional_headers=headers
        ) as ws:
            actor_id = await mutate(live_server, writer, territory, "Tenants")
            assert (await next_change(ws))["target"] == actor_id

    asyncio.run(scenario())


def refusal(message: dict[str, Any]) -> str:
    """The message of a refused subscription: graphql-transport-ws delivers a resolver's
    refusal as a result with errors (or as an error message)."""
    assert message["type"] in {"error", "next"}, message
    if message["type"] == "error":
        return str(message["payload"][0]["message"])
    assert message["payload"].get("data") is None, message
    return str(message["payload"]["errors"][0]["message"])


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_a_non_member_is_refused(live_server: LiveServer, api: Api, who: str) -> None:
    territory = api.territory()
    elsewhere = api.territory("Elsewhere")
    token = api.token(elsewhere, TokenScope.READ)[0] if who == "stranger" else None

    async def scenario() -> None:
        async with subscription(live_server, token, territory) as ws:
            message = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            assert "no territory" in refusal(message)

    asyncio.run(scenario())


def test_a_bad_token_is_refused_at_connection(live_server: LiveServer) -> None:
    async def scenario() -> None:
        ws = await websockets.connect(
            live_server.url.replace("http", "ws") + "/graphql",
            subprotocols=["graphql-transport-ws"],
        )
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer pm_nope"}})
        )
        try:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), WAIT)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        finally:
            await ws.close()

    asyncio.run(scenario())


def test_a_revoked_token_stops_receiving(
    live_server: LiveServer, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pactmap.api.schema import history
    from pactmap.graph.model import utcnow

    monkeypatch.setattr(history, "RECHECK_SECONDS", 0.0)
    territory = api.territory()
    reader, token = api.token(territory, TokenScope.READ)
    seen = api.store.territory_version(territory)

    async def scenario() -> None:
        async with subscription(live_server, reader, territory, seen) as ws:
            await asyncio.to_thread(api.store.revoke_token, token.id, at=utcnow())
            await asyncio.to_thread(
                api.store.create,
                NodeKind.TOPIC,
                {"name": "Secret", "dimension": "B"},
                by="x",
                territory_id=territory,
            )
            message = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
            assert "Secret" not in json.dumps(message)
            assert "was revoked" in refusal(message)

    asyncio.run(scenario())


def test_a_websocket_from_another_site_is_refused(live_server: LiveServer) -> None:
    async def scenario() -> None:
        with pytest.raises(websockets.InvalidStatus) as refused:
            await websockets.connect(
                live_server.url.replace("http", "ws") + "/graphql",
                subprotocols=["graphql-transport-ws"],
                origin="https://evil.example",  # type: ignore[arg-type]
            )
        assert refused.value.response.status_code == 403

    asyncio.run(scenario())
