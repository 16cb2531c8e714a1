"""Load and faults over HTTP, as a town's server on the internet meets them (issue 13, item 9).

On ``pactmap serve`` (the real CLI, two workers):

- **readers**: 200 keep-alive clients read a page of 50 actors with their topics, with a read
  token, for 60 s (10 s quick), on SQLite: requests, errors, p50/p95/p99 (the peer benchmark's
  Node load generator);
- **writers**: 16 writers each add 1 to one measurement's value through GraphQL with the version
  they read, re-reading on a conflict, on SQLite and on Neo4j. No lost update: the final value
  and version count every accepted write;
- **Neo4j stopped and started under load**: readers and writers go on while the Neo4j server is
  stopped for a few seconds and started again on the same data. Counted: answers while it is
  down (each must be a clear "unavailable" error, never a 500), seconds until pactmap answers
  again (no restart of pactmap), and the written value against the accepted writes (no partial
  write);
- **fuzz**: hypothesis-graphql queries and mutations over the whole schema posted to the live
  server as an admin (production mode): requests and 5xx answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from typing import Any

import httpx

from .bench_peer import PeerServer, load
from .bench_workers import ACTOR, PAGE, Serve, _cli
from .context import BenchContext

UPDATE = """mutation($id: ID!, $v: Int!, $value: Float!) {
  r: updateMeasurement(id: $id, expectedVersion: $v, input: {value: $value}) {
    __typename ... on Measurement { version value } ... on VersionConflict { current }
  } }"""
FUZZ_ADMIN = ("fuzz@example.org", "fuzz-password-0123456789")
READ = "query($id: ID!) { node(id: $id) { ... on Measurement { version value } } }"


def _env(ctx: BenchContext, name: str, database: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PACTMAP_DATA_DIR": str(ctx.tmp / name),
        "PACTMAP_DATABASE": database,
        **extra,
    }


def _setup(env: dict[str, str]) -> tuple[str, str]:
    """The demo territory and a write token on it, through the CLI."""
    territory = _cli(env, "demo")
    return territory, _cli(env, "tokens", "create", "--territory", territory, "--scope", "write")


def _measurement(url: str, token: str, territory: str) -> str:
    """A new measurement at value 0, the node every writer adds 1 to."""
    response = httpx.post(
        url + "/graphql",
        json={
            "query": "mutation($t: ID!) { r: createMeasurement(input: {territoryId: $t, "
            'on: "2026-01-01", value: 0}) { ... on Measurement { id } } }',
            "variables": {"t": territory},
        },
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    node: str = response.json()["data"]["r"]["id"]
    return node


class Writer(threading.Thread):
    """Adds 1 to the measurement until ``target`` writes were accepted or ``stop`` is set,
    re-reading after a conflict; counts what each answer was."""

    def __init__(self, url: str, token: str, node: str, target: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.node, self.target, self.stop = url, node, target, stop
        self.headers = {"authorization": f"Bearer {token}"}
        self.accepted = 0
        self.answers: Counter[str] = Counter()
        self.samples: dict[str, str] = {}

    def post(self, http: httpx.Client, query: str, **variables: Any) -> Any:
        response = http.post(
            self.url + "/graphql", json={"query": query, "variables": variables}, timeout=30
        )
        if response.status_code >= 500:
            self.answers[f"http {response.status_code}"] += 1
            self.samples.setdefault(f"http {response.status_code}", response.text[:300])
            return None
        body = response.json()
        for error in body.get("errors") or []:
            code = (error.get("extensions") or {}).get("code", "no code")
            self.answers[f"error {code}"] += 1
            self.samples.setdefault(f"error {code}", str(error.get("message"))[:300])
            return None
        return body["data"]

    def run(self) -> None:
        with httpx.Client(headers=self.headers) as http:
            version, value = None, 0.0
            while self.accepted < self.target and not self.stop.is_set():
                try:
                    if version is None:
                        data = self.post(http, READ, id=self.node)
                        if data is None:
                            time.sleep(0.2)
                            continue
                        version, value = data["node"]["version"], data["node"]["value"]
                    data = self.post(http, UPDATE, id=self.node, v=version, value=value + 1)
                except httpx.HTTPError as exc:
                    self.answers[type(exc).__name__] += 1
                    time.sleep(0.2)
                    version = None
                    continue
                if data is None:
                    version = None
                    time.sleep(0.2)
                    continue
                answer = data["r"]
                self.answers[answer["__typename"]] += 1
                if answer["__typename"] == "Measurement":
                    self.accepted += 1
                    version, value = answer["version"], answer["value"]
                else:  # a conflict: someone else wrote first; read again
                    version = None


def _final(url: str, token: str, node: str) -> dict[str, Any]:
    response = httpx.post(
        url + "/graphql",
        json={"query": READ, "variables": {"id": node}},
        headers={"authorization": f"Bearer {token}"},
        timeout=30,
    )
    node_data: dict[str, Any] = response.json()["data"]["node"]
    return node_data


def writers(url: str, token: str, node: str, *, count: int, each: int) -> dict[str, Any]:
    stop = threading.Event()
    team = [Writer(url, token, node, each, stop) for _ in range(count)]
    started = time.perf_counter()
    for w in team:
        w.start()
    for w in team:
        w.join(timeout=600)
    seconds = time.perf_counter() - started
    accepted = sum(w.accepted for w in team)
    final = _final(url, token, node)
    answers: Counter[str] = Counter()
    samples: dict[str, str] = {}
    for w in team:
        answers.update(w.answers)
        samples.update(w.samples)
    return {
        "writers": count,
        "answer_samples": samples,
        "accepted": accepted,
        "final_value": final["value"],
        "final_version": final["version"],
        "lost_updates": accepted - int(final["value"]),
        "answers": dict(answers),
        "seconds": round(seconds, 2),
    }


def restart_under_load(
    ctx: BenchContext, url: str, token: str, node: str, *, down_seconds: float
) -> dict[str, Any]:
    stop = threading.Event()
    team = [Writer(url, token, node, 10**9, stop) for _ in range(4)]
    reads: Counter[str] = Counter()
    samples: dict[str, str] = {}
    read_times: list[tuple[float, bool]] = []

    def reader() -> None:
        with httpx.Client(headers={"authorization": f"Bearer {token}"}) as http:
            while not stop.is_set():
                kind = "ok"
                try:
                    response = http.post(
                        url + "/graphql",
                        json={"query": READ, "variables": {"id": node}},
                        timeout=30,
                    )
                    if response.status_code >= 500:
                        kind = f"http {response.status_code}"
                        samples.setdefault(kind, response.text[:300])
                    elif "errors" in response.json():
                        error = response.json()["errors"][0]
                        kind = f"error {(error.get('extensions') or {}).get('code', 'no code')}"
                        samples.setdefault(kind, str(error.get("message"))[:300])
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                reads[kind] += 1
                read_times.append((time.monotonic(), kind == "ok"))
                time.sleep(0.05)

    readers = [threading.Thread(target=reader, daemon=True) for _ in range(4)]
    for t in (*team, *readers):
        t.start()
    time.sleep(3)
    server = ctx.neo4j()
    stopping = time.monotonic()
    server.stop()
    stopped = time.monotonic()
    time.sleep(down_seconds)
    starting = time.monotonic()
    server.start()
    started = time.monotonic()
    time.sleep(8)
    stop.set()
    for t in (*team, *readers):
        t.join(timeout=60)
    first_failure = next((at for at, ok in read_times if at > stopping and not ok), None)
    back = next((at for at, ok in read_times if at > stopped and ok), None)
    accepted = sum(w.accepted for w in team)
    final = _final(url, token, node)
    answers: Counter[str] = Counter()
    for w in team:
        answers.update(w.answers)
        for kind, text in w.samples.items():
            samples.setdefault(kind, text)
    return {
        "stop_seconds": round(stopped - stopping, 1),
        "down_seconds": round(down_seconds, 1),
        "start_seconds": round(started - starting, 1),
        "reads": dict(reads),
        "writes": dict(answers),
        "answer_samples": samples,
        "seconds_from_stop_to_first_refusal": (
            None if first_failure is None else round(first_failure - stopping, 2)
        ),
        "seconds_from_neo4j_ready_to_first_read": (
            None if back is None else round(back - started, 2)
        ),
        "accepted_writes": accepted,
        "final_value": final["value"],
        "committed_but_unacknowledged": int(final["value"]) - accepted,
        "http_5xx": sum(v for k, v in {**reads, **answers}.items() if k.startswith("http 5")),
    }


def fuzz(url: str, examples: int) -> dict[str, Any]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis_graphql import from_schema

    from tests.api.test_fuzz import MUTATION_FIELDS, SDL, scalars

    statuses: Counter[int] = Counter()
    unexpected: list[str] = []
    with httpx.Client(base_url=url, timeout=60) as http:
        login = http.post(
            "/graphql",
            json={
                "query": "mutation($e: String!, $p: String!) "
                "{ login(email: $e, password: $p) { __typename } }",
                "variables": {"e": FUZZ_ADMIN[0], "p": FUZZ_ADMIN[1]},
            },
        )
        signed_in = login.json()["data"]["login"]["__typename"] == "Me"
        ids = ["valbrune", "ter-elsewhere", "act-x"]
        tuned = settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )

        def post(query: str) -> None:
            response = http.post("/graphql", json={"query": query})
            statuses[response.status_code] += 1
            if response.status_code >= 500 or "Unexpected error" in response.text:
                unexpected.append(query[:300])

        tuned(given(query=from_schema(SDL, custom_scalars=scalars(ids)))(post))()
        mutations = from_schema(SDL, fields=MUTATION_FIELDS, custom_scalars=scalars(ids))
        tuned(given(query=mutations)(post))()
    return {
        "signed_in_as_admin": signed_in,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "http_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "unexpected_errors": len(unexpected),
        "first_unexpected": unexpected[:3],
    }


def run(ctx: BenchContext) -> dict[str, Any]:
    quick = ctx.quick
    out: dict[str, Any] = {}
    PeerServer.install()

    sqlite_env = _env(
        ctx, "load-sqlite", f"sqlite:///{ctx.tmp / 'load.db'}", PACTMAP_ENV="production"
    )
    territory, token = _setup(sqlite_env)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pactmap.api",
            "users",
            "add",
            FUZZ_ADMIN[0],
            "--territory",
            territory,
            "--role",
            "admin",
            "--password-stdin",
        ],
        env=sqlite_env,
        input=FUZZ_ADMIN[1] + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    server = Serve(sqlite_env, 2)
    try:
        node = _measurement(server.url, token, territory)
        page = {"query": PAGE, "variables": {"t": territory}}
        load(server.url, 8, 1.0, page, f"Bearer {token}")  # warm both workers
        out["readers_sqlite"] = {
            "what": "200 clients, a page of 50 actors with their topics, read token",
            **load(server.url, 200, 10.0 if quick else 60.0, page, f"Bearer {token}"),
        }
        out["writers_sqlite"] = writers(server.url, token, node, count=16, each=3 if quick else 10)
        out["fuzz"] = fuzz(server.url, 60 if quick else 400)
    finally:
        server.stop()

    neo4j = ctx.neo4j()
    ctx.neo4j_store()  # wiped empty
    neo4j_env = _env(
        ctx,
        "load-neo4j",
        neo4j.uri,
        PACTMAP_NEO4J_USER=neo4j.user,
        PACTMAP_NEO4J_PASSWORD=neo4j.password,
    )
    territory, token = _setup(neo4j_env)
    server = Serve(neo4j_env, 2)
    try:
        node = _measurement(server.url, token, territory)
        out["writers_neo4j"] = writers(server.url, token, node, count=16, each=3 if quick else 10)
        out["neo4j_restart"] = restart_under_load(
            ctx,
            server.url,
            token,
            _measurement(server.url, token, territory),
            down_seconds=3.0 if quick else 10.0,
        )
    finally:
        server.stop()
    out["queries"] = {"page": PAGE, "actor": ACTOR}
    return out
