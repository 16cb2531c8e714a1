"""``pactmap serve --workers N``: what a second process buys on this machine.

The real CLI serves the demo territory from one SQLite file with 1 and then 2 workers
(alternated, two rounds); the peer benchmark's Node load generator sends a page of 50 actors
with their topics, and one actor with its topics, with a read token from 16 keep-alive clients.
Reported: requests/s, p50/p95 per run, and the ratio 2 workers / 1 worker (median of rounds).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
from typing import Any

from .bench_api import free_port, wait_healthy
from .bench_peer import PeerServer, load
from .context import BenchContext

PAGE = """query($t: ID!) { actors(territoryId: $t, first: 50) { edges { node {
  id name sector topics { id name } } } } }"""
ACTOR = (
    """query($id: ID!) { node(id: $id) { ... on Actor { id name sector topics { id name } } } }"""
)


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pactmap.api", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout.strip().splitlines()[-1]


class Serve:
    """``pactmap serve --workers N`` as a child process group (stopped with SIGTERM)."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pactmap.api",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_healthy(self.url, self.child, f"pactmap serve --workers {workers}")

    def stop(self) -> None:
        os.killpg(self.child.pid, signal.SIGTERM)
        self.child.wait(timeout=30)


def run(ctx: BenchContext) -> dict[str, Any]:
    seconds = 3.0 if ctx.quick else 10.0
    env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(ctx.tmp / "workers"),
        "PACTMAP_DATABASE": f"sqlite:///{ctx.tmp / 'workers.db'}",
    }
    territory = _cli(env, "demo")
    token = _cli(env, "tokens", "create", "--territory", territory, "--scope", "read")
    PeerServer.install()
    from pactmap.graph.sqlite import SqliteStore

    store = SqliteStore(ctx.tmp / "workers.db")
    actor = store.list_nodes("Actor", territory, first=1).items[0].id  # type: ignore[arg-type]
    store.close()
    bodies = {
        "page": {"query": PAGE, "variables": {"t": territory}},
        "actor": {"query": ACTOR, "variables": {"id": actor}},
    }
    runs: list[dict[str, Any]] = []
    for round_number, order in enumerate(((1, 2), (2, 1))):
        for workers in order:
            server = Serve(env, workers)
            try:
                for name, body in bodies.items():
                    load(server.url, 4, 1.0, body, f"Bearer {token}")  # warm every worker
                    result = load(server.url, 16, seconds, body, f"Bearer {token}")
                    result.update(workers=workers, query=name, round=round_number)
                    runs.append(result)
            finally:
                server.stop()
    table = {}
    for name in bodies:
        rps = {
            w: statistics.median(
                r["throughput_rps"] for r in runs if r["query"] == name and r["workers"] == w
            )
            for w in (1, 2)
        }
        table[name] = {
            "1_worker_rps": rps[1],
            "2_workers_rps": rps[2],
            "ratio": round(rps[2] / rps[1], 2),
        }
    return {
        "what": f"pactmap serve --workers 1|2 on the demo (SQLite), 16 clients, {seconds:g} s a "
        "run, two rounds alternated",
        "table": table,
        "runs": runs,
    }
