"""mapChanged over graphql-transport-ws against the real app under uvicorn: each committed
change reaches every subscriber allowed to read the territory, whoever made it, whichever
process wrote it; others are refused."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from pactmap.graph.model import NodeKind, Role, TokenScope

from tests.api.conftest import PASSWORD, Api, LiveServer

SUBSCRIBE = (
    "subscription($t: ID!) { mapChanged(territoryId: $t) { seq op target targetType by after } }"
)
LOGIN = 'mutation($p: String!) { login(email: "c@example.org", password: $p) { __typename } }'
CREATE = """mutation($t: ID!, $n: String!) { createActor(input: {territoryId: $t, name: $n,
  sector: ASSOCIATION}) { __typename ... on Actor { id } } }"""


async def subscribe(server: LiveServer, token: str | None, territory: str, **connect: Any) -> Any:
    ws = await websockets.connect(
        server.url.replace("http", "ws") + "/graphql",
        subprotocols=["graphql-transport-ws"],
        **connect,
    )
    payload = {"Authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ack["type"] == "connection_ack", ack
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"t": territory}},
            }
        )
    )
    return ws


async def next_change(ws: Any, timeout: float = 5) -> dict[str, Any]:
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

    async def scenario() -> None:
        first = await subscribe(live_server, reader, territory)
        second = await subscribe(live_server, reader, territory)
        await asyncio.sleep(0.2)  # both subscriptions are following the log
        actor_id = await mutate(live_server, writer, territory, "Energy advice")
        for ws in (first, second):
            change = await next_change(ws)
            assert change["op"] == "CREATE"
            assert change["target"] == actor_id
            assert change["targetType"] == "Actor"
            assert change["by"] == f"token:{writer_token.id}"
            assert change["after"]["name"] == "Energy advice"
            await ws.close()

    asyncio.run(scenario())


def test_a_change_written_by_another_process_arrives_by_polling(
    live_server: LiveServer, api: Api
) -> None:
    territory = api.territory()
    reader, _ = api.token(territory, TokenScope.READ)

    async def scenario() -> None:
        ws = await subscribe(live_server, reader, territory)
        await asyncio.sleep(0.2)
        # written straight to the store, as another API process would: no in-process wake-up
        made = await asyncio.to_thread(
            api.store.create,
            NodeKind.TOPIC,
            {"name": "Housing", "dimension": "B"},
            by="elsewhere",
            territory_id=territory,
        )
        change = await next_change(ws, timeout=5)
        assert (change["target"], change["by"]) == (made.id, "elsewhere")
        await ws.close()

    asyncio.run(scenario())


def test_session_cookie_authenticates_a_subscription(live_server: LiveServer, api: Api) -> None:
    territory = api.territory()
    api.user("c@example.org", {territory: Role.VIEWER})
    writer, _ = api.token(territory, TokenScope.WRITE)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=live_server.url) as client:
            login = await client.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"p": PASSWORD}},
            )
            assert login.json()["data"]["login"]["__typename"] == "Me"
            cookie = login.headers["set-cookie"].split(";")[0]
        ws = await subscribe(live_server, None, territory, additional_headers={"cookie": cookie})
        await asyncio.sleep(0.2)
        actor_id = await mutate(live_server, writer, territory, "Tenants")
        assert (await next_change(ws))["target"] == actor_id
        await ws.close()

    asyncio.run(scenario())


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_a_non_member_is_refused(live_server: LiveServer, api: Api, who: str) -> None:
    territory = api.territory()
    elsewhere = api.territory("Elsewhere")
    token = api.token(elsewhere, TokenScope.READ)[0] if who == "stranger" else None

    async def scenario() -> None:
        ws = await subscribe(live_server, token, territory)
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        # graphql-transport-ws delivers a resolver's refusal as a result with errors
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert message["type"] in {"error", "next"}
        assert message["type"] == "error" or message["payload"].get("data") is None
        assert "no territory" in errors[0]["message"]
        await ws.close()

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
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403

    asyncio.run(scenario())


def test_a_revoked_token_stops_receiving(
    live_server: LiveServer, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pactmap.api.schema import history
    from pactmap.graph.model import utcnow

    monkeypatch.setattr(history, "RECHECK_SECONDS", 0.0)
    territory = api.territory()
    reader, token = api.token(territory, TokenScope.READ)

    async def scenario() -> None:
        ws = await subscribe(live_server, reader, territory)
        await asyncio.sleep(0.2)
        await asyncio.to_thread(api.store.revoke_token, token.id, at=utcnow())
        await asyncio.to_thread(
            api.store.create,
            NodeKind.TOPIC,
            {"name": "Secret", "dimension": "B"},
            by="x",
            territory_id=territory,
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert "Secret" not in json.dumps(message)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert "was revoked" in errors[0]["message"]
        await ws.close()

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
