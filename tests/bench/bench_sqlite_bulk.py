"""``SqliteStore.bulk_upsert`` of 50,000 nodes and 150,000 relationships (a tenth with --quick).

Each run is a child process (so ``ru_maxrss`` is its own peak memory) that builds the models,
then into a fresh file: imports them (one transaction, change log included), imports them
again (nothing changes: the idempotent path) and loads the territory's snapshot. Wall times
and CPU times are reported separately: on a shared machine the CPU time is the steadier one.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .context import BenchContext, summarize

TOPICS_SHARE = 10  # one node in ten is a Topic, the rest Actors


def _measure(db: Path, n_nodes: int, n_rels: int) -> dict[str, Any]:
    from pactmap.graph.model import NodeKind, build_node, build_relationship
    from pactmap.graph.sqlite import SqliteStore

    rng = random.Random(1)
    at = datetime(2025, 1, 1, tzinfo=UTC)
    tid = "ter-bench"
    n_topics = n_nodes // TOPICS_SHARE
    n_actors = n_nodes - n_topics
    ter = build_node(
        NodeKind.TERRITORY, {"id": tid, "name": "Bench", "created_at": at, "updated_at": at}
    )
    nodes = [
        build_node(NodeKind.TOPIC, {"id": f"top{i}", "territory_id": tid, "name": f"Topic {i}",
                                    "dimension": "ABCDEFGHI"[i % 9], "created_at": at,
                                    "updated_at": at})
        for i in range(n_topics)
    ]  # fmt: skip
    nodes += [
        build_node(NodeKind.ACTOR, {"id": f"act{i}", "territory_id": tid, "name": f"Actor {i}",
                                    "sector": "association", "description": "x" * 40,
                                    "created_at": at, "updated_at": at})
        for i in range(n_actors)
    ]  # fmt: skip
    rels: dict[tuple[str, str, str], Any] = {}
    while len(rels) < n_rels:
        a = f"act{rng.randrange(n_actors)}"
        if rng.random() < 0.5:
            rel = build_relationship("WORKS_ON", a, f"top{rng.randrange(n_topics)}",
                                     {"intensity": rng.randint(1, 5)})  # fmt: skip
        else:
            b = f"act{rng.randrange(n_actors)}"
            if a == b:
                continue
            rel = build_relationship("COLLABORATES_WITH", a, b, {"strength": rng.randint(1, 5)})
        rels[rel.key] = rel
    rel_list = list(rels.values())

    store = SqliteStore(db)
    out: dict[str, Any] = {}
    try:
        for name in ("import", "reimport"):
            wall, cpu = time.perf_counter(), time.process_time()
            result = store.bulk_upsert(ter, nodes, rel_list, by="bench")
            out[name] = {
                "wall_s": time.perf_counter() - wall,
                "cpu_s": time.process_time() - cpu,
                "written": result.created + result.updated + result.linked,
            }
        wall = time.perf_counter()
        snap = store.snapshot(tid)
        out["snapshot_wall_s"] = time.perf_counter() - wall
        assert len(snap.nodes) == n_nodes and len(snap.relationships) == n_rels
    finally:
        store.close()
    out["db_mib"] = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20
    return out


def _run_once(ctx: BenchContext, n_nodes: int, n_rels: int, run: int) -> dict[str, Any]:
    db = ctx.tmp / f"sqlite-bulk-{run}" / "bench.db"
    command = [sys.executable, "-m", "tests.bench.bench_sqlite_bulk", str(db), str(n_nodes),
               str(n_rels)]  # fmt: skip
    out_path = ctx.tmp / f"sqlite-bulk-{run}.out"
    with out_path.open("w") as out:
        child = subprocess.Popen(command, stdout=out)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the bulk benchmark child exited with status {status}")
    sample: dict[str, Any] = json.loads(out_path.read_text())
    sample["peak_rss_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return sample


def run(ctx: BenchContext) -> dict[str, Any]:
    n_nodes, n_rels = (5_000, 15_000) if ctx.quick else (50_000, 150_000)
    samples = [_run_once(ctx, n_nodes, n_rels, i) for i in range(1 if ctx.quick else 3)]
    items = 1 + n_nodes + n_rels

    def rate(part: str, key: str) -> dict[str, float]:
        return summarize([items / s[part][key] for s in samples])

    return {
        "what": f"SqliteStore.bulk_upsert of {n_nodes} nodes + {n_rels} relationships, fresh file",
        "import_wall_s": summarize([s["import"]["wall_s"] for s in samples]),
        "import_cpu_s": summarize([s["import"]["cpu_s"] for s in samples]),
        "import_items_per_s_wall": rate("import", "wall_s"),
        "import_items_per_s_cpu": rate("import", "cpu_s"),
        "reimport_unchanged_wall_s": summarize([s["reimport"]["wall_s"] for s in samples]),
        "reimport_written": [s["reimport"]["written"] for s in samples],
        "snapshot_wall_s": summarize([s["snapshot_wall_s"] for s in samples]),
        "db_mib": summarize([s["db_mib"] for s in samples]),
        "peak_rss_mib": summarize([s["peak_rss_mib"] for s in samples]),
    }


if __name__ == "__main__":
    path = Path(sys.argv[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(_measure(path, int(sys.argv[2]), int(sys.argv[3]))))
