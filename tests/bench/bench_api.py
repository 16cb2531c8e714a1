"""GraphQL API latency and throughput over HTTP, on SQLite and on Neo4j.

The app runs under uvicorn in a child process (so the clients do not share its GIL) on the
demo territory; httpx clients post with a write token. Four operations:

- ``actor``: one actor with its neighbours (collaborators, topics, commitments, contracts);
- ``page``: a page of 100 actors with their topics and commitments;
- ``map``: the whole demo map (every node and relationship), typed fields;
- ``map_compact``: the same map as one JSON value (``map { compact }``);
- ``mutation``: ``updateActor`` with ``expectedVersion`` (each client edits its own actor).

Each runs under 1 and 16 concurrent clients; reported: p50 / p95 latency (seconds, per
request) and throughput (requests per second over the wall time of the run).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from .context import BenchContext, summarize

ACTOR = """query($id: ID!) { node(id: $id) { id ... on Actor { name
  collaborators { id name } topics { id name } commitments { id title } contracts { id title } }
  neighbours { id label } } }"""
PAGE = """query($t: ID!) { actors(territoryId: $t, first: 100) { totalCount edges { node {
  id name sector topics { id name } commitments { id title status } } } } }"""
MAP = """query($t: ID!) { map(territoryId: $t) { nodes { __typename id label }
  links { type fromId toId } } }"""
MAP_COMPACT = "query($t: ID!) { map(territoryId: $t) { compact } }"
UPDATE = """mutation($id: ID!, $v: Int!, $i: Int!) { updateActor(id: $id, expectedVersion: $v,
  input: {interest: $i}) { __typename ... on Actor { version } } }"""

SERVER = """
import uvicorn
from pactmap.api.app import create_app
uvicorn.run(create_app(), host="127.0.0.1", port={port}, log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_token(store: Any, territory: str, *, write: bool) -> str:
    """A one-day API token for the benchmark's clients (its plaintext)."""
    from pactmap.api.auth import LOCAL
    from pactmap.api.services.accounts import create_token
    from pactmap.graph.model import TokenScope

    scope = TokenScope.WRITE if write else TokenScope.READ
    plaintext, _ = create_token(store, LOCAL, territory, scope, name="bench", expires_in_days=1)
    return plaintext


def wait_healthy(url: str, child: subprocess.Popen[Any], what: str) -> None:
    """Until ``url``/healthz answers 200; RuntimeError if ``child`` exits or 60 s pass."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if child.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.1)


def prepare(store: Any) -> dict[str, Any]:
    """The demo territory, a write token, and the actors the benchmark uses."""
    from pactmap.graph.model import NodeKind
    from pactmap.seeds.demo import load_demo

    territory = load_demo(store, by="bench")
    plaintext = bench_token(store, territory, write=True)
    actors = store.list_nodes(NodeKind.ACTOR, territory, first=100).items
    rels = store.relationships([a.id for a in actors])
    busiest = max(actors, key=lambda a: len(rels[a.id]))
    return {
        "territory": territory,
        "token": plaintext,
        "busiest": busiest.id,
        "neighbours": len(rels[busiest.id]),
        "actors": [(a.id, a.version) for a in actors],
    }


class Server:
    """``create_app()`` under uvicorn in a child process, configured by PACTMAP_* variables."""

    def __init__(self, ctx: BenchContext, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = (ctx.tmp / f"server-{self.port}.log").open("w")
        self.child = subprocess.Popen(
            [sys.executable, "-c", SERVER.format(port=self.port)],
            env={**os.environ, "PACTMAP_DATA_DIR": str(ctx.tmp), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_healthy(self.url, self.child, f"the API server (see {log.name})")

    def stop(self) -> None:
        self.child.terminate()
        self.child.wait(timeout=30)


async def load(url: str, token: str, clients: int, requests: int, make: Any) -> dict[str, Any]:
    """``clients`` concurrent clients each sending ``requests`` requests built by
    ``make(client, i)``; latency of each and the throughput of the whole run."""
    latencies: list[float] = []
    headers = {"authorization": f"Bearer {token}"}

    async def client(number: int) -> None:
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as http:
            for i in range(requests):
                body = make(number, i)
                started = time.perf_counter()
                response = await http.post("/graphql", json=body)
                latencies.append(time.perf_counter() - started)
                payload = response.json()
                if response.status_code != 200 or payload.get("errors"):
                    raise RuntimeError(f"{response.status_code}: {response.text[:300]}")

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "latency_s": summarize(latencies),
        "throughput_rps": round(len(latencies) / wall, 1),
    }


def measure(ctx: BenchContext, store: Any, env: dict[str, str]) -> dict[str, Any]:
    plan = prepare(store)
    server = Server(ctx, env)
    versions = dict(plan["actors"])
    owned = [actor_id for actor_id, _ in plan["actors"]]

    def update(client: int, i: int) -> dict[str, Any]:
        actor = owned[client]
        body = {"query": UPDATE, "variables": {"id": actor, "v": versions[actor], "i": 1 + i % 5}}
        versions[actor] += 1  # each client owns its actor: the next expected version is known
        return body

    operations = {
        "actor": lambda c, i: {"query": ACTOR, "variables": {"id": plan["busiest"]}},
        "page": lambda c, i: {"query": PAGE, "variables": {"t": plan["territory"]}},
        "map": lambda c, i: {"query": MAP, "variables": {"t": plan["territory"]}},
        "map_compact": lambda c, i: {"query": MAP_COMPACT, "variables": {"t": plan["territory"]}},
        "mutation": update,
    }
    per_client = {1: 20 if ctx.quick else 100, 16: 4 if ctx.quick else 20}
    results: dict[str, Any] = {}
    try:
        for name, make in operations.items():
            asyncio.run(load(server.url, plan["token"], 1, 3, make))  # warm-up
            results[name] = {
                f"{clients}_clients": asyncio.run(
                    load(server.url, plan["token"], clients, requests, make)
                )
                for clients, requests in per_client.items()
            }
    finally:
        server.stop()
    results["busiest_actor_links"] = plan["neighbours"]
    return results


def run(ctx: BenchContext) -> dict[str, Any]:
    sqlite_store = ctx.sqlite_store("bench-api")
    sqlite_path = Path(ctx.tmp / "bench-api.db")
    report: dict[str, Any] = {
        "what": "POST /graphql with a write token against uvicorn (one worker, child "
        "process) on the demo territory; latency per request, throughput over the run",
        "sqlite": measure(ctx, sqlite_store, {"PACTMAP_DATABASE": f"sqlite:///{sqlite_path}"}),
    }
    server = ctx.neo4j()
    neo4j_store = ctx.neo4j_store()
    report["neo4j"] = measure(
        ctx,
        neo4j_store,
        {
            "PACTMAP_DATABASE": server.uri,
            "PACTMAP_NEO4J_USER": server.user,
            "PACTMAP_NEO4J_PASSWORD": server.password,
        },
    )
    return report
