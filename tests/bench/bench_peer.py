"""pactmap's API beside the peer a Neo4j user would pick instead: Neo4j's own ``@neo4j/graphql``.

One generated territory (2,000 actors; 300 with ``--quick``) is written to one real Neo4j server
and to SQLite. Three servers answer the same questions about it, asking for the same data:

- ``pactmap_neo4j``: ``pactmap serve``'s app on that Neo4j, with a read token (roles, audit and
  typed errors on, as in production);
- ``peer``: ``@neo4j/graphql`` 7 on graphql-yoga (Node), on the same server and data, with type
  definitions for pactmap's labels and relationships (``tests/bench/peer/server.mjs``);
- ``pactmap_sqlite``: the app on the embedded default.

Queries: one actor with its sector and topics; a page of 100 actors with their topics; a name
search (first 20); a two-hop neighbourhood (an actor's collaborators and theirs). Each runs at 1,
16 and 64 concurrent keep-alive clients from one light Node load generator
(``tests/bench/peer/load.mjs``), the servers alternated within each round, two rounds in
opposite orders. Reported per run: requests/s, p50/p95/p99 latency, errors, and the CPU seconds
each process spent (the pactmap or Node server, and the Neo4j JVM); then per query and client
count the median throughput of each server and the ratio pactmap on Neo4j / peer (>= 1.0: pactmap
as fast or faster).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from .bench_api import Server, bench_token, free_port
from .context import BenchContext

PEER_DIR = Path(__file__).resolve().parent / "peer"
CLIENTS = (1, 16, 64)
TICKS = os.sysconf("SC_CLK_TCK")

PACTMAP_QUERIES = {
    "actor": """query($id: ID!) { node(id: $id) { ... on Actor { id name sector
      topics { id name } } } }""",
    "page": """query($t: ID!) { actors(territoryId: $t, first: 100) { edges { node {
      id name sector topics { id name } } } } }""",
    "search": """query($t: ID!, $q: String!) { search(territoryId: $t, text: $q,
      kinds: [ACTOR], limit: 20) { id label } }""",
    "two_hop": """query($id: ID!) { node(id: $id) { ... on Actor { id name
      collaborators { id name collaborators { id name } } } } }""",
}
PEER_QUERIES = {
    "actor": """query($id: ID!) { actors(where: { id: { eq: $id } }) { id name sector
      topics { id name } } }""",
    "page": """query($t: String!) { actors(where: { territory_id: { eq: $t } }, limit: 100,
      sort: [{ _sort: ASC }]) { id name sector topics { id name } } }""",
    "search": """query($t: String!, $q: String!) { actors(where: { territory_id: { eq: $t },
      _search: { contains: $q } }, limit: 20, sort: [{ _sort: ASC }]) { id name } }""",
    "two_hop": """query($id: ID!) { actors(where: { id: { eq: $id } }) { id name
      collaborators { id name collaborators { id name } } } }""",
}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class PeerServer:
    """``node server.mjs`` (``@neo4j/graphql`` on graphql-yoga) on a free loopback port."""

    @staticmethod
    def install() -> str:
        """Node, and the peer folder's packages (npm ci, once); returns node's path."""
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("the peer benchmark needs Node 20 (node not found)")
        if not (PEER_DIR / "node_modules" / ".package-lock.json").exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)
        return node

    def __init__(self, ctx: BenchContext, neo4j: Any) -> None:
        node = self.install()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = (ctx.tmp / f"peer-{self.port}.log").open("w")
        self.child = subprocess.Popen(
            [node, "server.mjs", str(self.port), neo4j.uri, neo4j.user, neo4j.password],
            cwd=PEER_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.post(
                    self.url + "/graphql", json={"query": "{ __typename }"}, timeout=2
                )
                if answer.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.child.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the peer server did not start (see {log.name})")
            time.sleep(0.2)

    def stop(self) -> None:
        self.child.terminate()
        self.child.wait(timeout=30)


def prepare(store: Any, actors: int) -> dict[str, Any]:
    """The generated territory in ``store``, a read token, and the ids and text asked for."""
    from pactmap.graph.model import NodeKind
    from pactmap.seeds.generator import generate_territory, load_generated

    territory = load_generated(store, generate_territory(actors, seed=7), by="bench")
    plaintext = bench_token(store, territory, write=False)
    page = store.list_nodes(NodeKind.ACTOR, territory, first=200).items
    rels = store.relationships([a.id for a in page])
    busiest = max(page, key=lambda a: len(rels[a.id]))
    # A word that stands in several names, searched as the store's search key spells it.
    word = min(page[0].label.split(), key=len).lower()[:4]
    return {"territory": territory, "token": plaintext, "actor": busiest.id, "text": word}


def variables(query: str, plan: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor": {"id": plan["actor"]},
        "page": {"t": plan["territory"]},
        "search": {"t": plan["territory"], "q": plan["text"]},
        "two_hop": {"id": plan["actor"]},
    }[query]


def load(url: str, clients: int, seconds: float, body: dict[str, Any], auth: str | None) -> Any:
    args = ["node", "load.mjs", url + "/graphql", str(clients), str(seconds), json.dumps(body)]
    if auth:
        args.append(auth)
    done = subprocess.run(args, cwd=PEER_DIR, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def same_answer_size(http: Callable[..., httpx.Response], body: dict[str, Any], **kw: Any) -> int:
    """How many bytes one answer is (the servers should answer with the same data)."""
    answer = http(json=body, **kw)
    answer.raise_for_status()
    if answer.json().get("errors"):
        raise RuntimeError(f"{answer.text[:300]}")
    return len(answer.content)


def run(ctx: BenchContext) -> dict[str, Any]:
    actors = 300 if ctx.quick else 2000
    seconds = 3.0 if ctx.quick else 10.0
    neo4j = ctx.neo4j()
    neo4j_plan = prepare(ctx.neo4j_store(), actors)
    sqlite_path = ctx.tmp / "bench-peer.db"
    sqlite_plan = prepare(ctx.sqlite_store("bench-peer"), actors)
    jvm_pid = neo4j._process.pid
    servers: dict[str, Any] = {
        "pactmap_neo4j": Server(
            ctx,
            {
                "PACTMAP_DATABASE": neo4j.uri,
                "PACTMAP_NEO4J_USER": neo4j.user,
                "PACTMAP_NEO4J_PASSWORD": neo4j.password,
            },
        ),
        "peer": PeerServer(ctx, neo4j),
        "pactmap_sqlite": Server(ctx, {"PACTMAP_DATABASE": f"sqlite:///{sqlite_path}"}),
    }
    plans = {"pactmap_neo4j": neo4j_plan, "peer": neo4j_plan, "pactmap_sqlite": sqlite_plan}

    def body(server: str, query: str) -> dict[str, Any]:
        text = (PEER_QUERIES if server == "peer" else PACTMAP_QUERIES)[query]
        return {"query": text, "variables": variables(query, plans[server])}

    def auth(server: str) -> str | None:
        return None if server == "peer" else f"Bearer {plans[server]['token']}"

    runs: list[dict[str, Any]] = []
    sizes: dict[str, dict[str, int]] = {}
    try:
        for query in PACTMAP_QUERIES:
            sizes[query] = {
                name: same_answer_size(
                    httpx.Client(base_url=server.url, timeout=60).post,
                    body(name, query),
                    url="/graphql",
                    headers={"authorization": auth(name)} if auth(name) else {},
                )
                for name, server in servers.items()
            }
            for name, server in servers.items():  # warm-up: plans compiled, caches filled
                load(server.url, 4, 1.0, body(name, query), auth(name))
        order = list(servers)
        for round_number in range(2):
            for clients in CLIENTS:
                for query in PACTMAP_QUERIES:
                    for name in order if round_number == 0 else reversed(order):
                        server = servers[name]
                        before = cpu_seconds(server.child.pid), cpu_seconds(jvm_pid)
                        result = load(server.url, clients, seconds, body(name, query), auth(name))
                        after = cpu_seconds(server.child.pid), cpu_seconds(jvm_pid)
                        result.update(
                            server=name,
                            query=query,
                            round=round_number,
                            server_cpu_s=round(after[0] - before[0], 2),
                            neo4j_cpu_s=round(after[1] - before[1], 2),
                        )
                        runs.append(result)
    finally:
        for server in servers.values():
            server.stop()
    return {
        "what": f"{actors} generated actors on one Neo4j 5.26 and on SQLite; {seconds:g} s per "
        "run, Node load generator with keep-alive, servers alternated, two rounds",
        "answer_bytes": sizes,
        "table": table(runs),
        "runs": runs,
    }


def table(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per query and client count: each server's median requests/s and p95, and the ratios."""
    rows = []
    for query in PACTMAP_QUERIES:
        for clients in CLIENTS:
            row: dict[str, Any] = {"query": query, "clients": clients}
            for name in ("pactmap_neo4j", "peer", "pactmap_sqlite"):
                mine = [r for r in runs if r["query"] == query and r["clients"] == clients]
                mine = [r for r in mine if r["server"] == name]
                if mine:
                    row[f"{name}_rps"] = statistics.median(r["throughput_rps"] for r in mine)
                    row[f"{name}_p95_s"] = statistics.median(r["latency_s"]["p95"] for r in mine)
                    row[f"{name}_errors"] = sum(r["errors"] for r in mine)
            if row.get("peer_rps"):
                row["ratio_neo4j"] = round(row.get("pactmap_neo4j_rps", 0) / row["peer_rps"], 2)
                row["ratio_sqlite"] = round(row.get("pactmap_sqlite_rps", 0) / row["peer_rps"], 2)
            rows.append(row)
    return rows
