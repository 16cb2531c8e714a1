"""SQLite and Neo4j side by side on one generated territory (10,000 actors; 1,000 with --quick).

For each store, in one run:

- bulk import: ``bulk_upsert`` of the whole territory into an empty store (one transaction),
  as wall time and as nodes + relationships written per second, after a warm-up import of a
  small territory (since deleted) so that query compilation is not counted;
- snapshot: ``snapshot(territory)`` wall time (median and p95 of a few loads);
- single-node reads: ``get(id)`` of random nodes, after a warm-up;
- versioned updates: ``update(id, ..., expected_version=v)`` of random actors, after a warm-up.

Latencies are medians and p95s over a few hundred samples (tests.bench.context.summarize).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

from pactmap.graph.model import NodeKind
from pactmap.graph.store import Store

from .context import BenchContext, summarize


def _territory(actors: int) -> tuple[Any, list[Any], list[Any]]:
    from pactmap.seeds.generator import generate_territory

    made = generate_territory(actors=actors, seed=1)
    if isinstance(made, tuple):
        territory, nodes, rels = made
    else:  # a record with the three parts
        territory, nodes, rels = made.territory, made.nodes, made.relationships
    return territory, list(nodes), list(rels)


def _timed(samples: int, call: Callable[[int], object], warmup: int) -> list[float]:
    for i in range(warmup):
        call(i)
    times = []
    for i in range(samples):
        started = time.perf_counter()
        call(warmup + i)
        times.append(time.perf_counter() - started)
    return times


def warm_up(store: Store) -> None:
    """Import, read and delete a small territory first: a fresh JVM compiles each query (one
    per node kind and relationship type) on first use, which is not what an import costs."""
    territory, nodes, rels = _territory(WARM_UP_ACTORS)
    store.bulk_upsert(territory, nodes, rels, by="bench")
    store.snapshot(territory.id)
    store.update(nodes[0].id, {"description": "warm"}, expected_version=nodes[0].version, by="b")
    store.delete(territory.id, expected_version=None, by="bench")


WARM_UP_ACTORS = 200


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of another process so far (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return None


def measure(
    store: Store,
    parts: tuple[Any, list[Any], list[Any]],
    quick: bool,
    server_pid: int | None = None,
) -> dict[str, Any]:
    territory, nodes, rels = parts
    warm_up(store)
    written = 1 + len(nodes) + len(rels)
    load_before = os.getloadavg()[0]
    server_cpu = _cpu_seconds(server_pid)
    cpu, started = time.process_time(), time.perf_counter()
    result = store.bulk_upsert(territory, nodes, rels, by="bench")
    import_s = time.perf_counter() - started
    import_cpu_s = time.process_time() - cpu
    server_after = _cpu_seconds(server_pid)
    assert result.created == 1 + len(nodes), result

    loads = 2 if quick else 5
    snapshot_s = _timed(loads, lambda _: store.snapshot(territory.id), warmup=1)
    assert len(store.snapshot(territory.id).nodes) == len(nodes)

    rng = random.Random(1)
    ids = [n.id for n in nodes]
    actor_ids = [n.id for n in nodes if n.KIND is NodeKind.ACTOR]
    samples, warmup = (100, 20) if quick else (400, 50)
    reads = [rng.choice(ids) for _ in range(samples + warmup)]
    read_s = _timed(samples, lambda i: store.get(reads[i]), warmup)

    targets = [rng.choice(actor_ids) for _ in range(samples + warmup)]
    versions = {node_id: store.get(node_id).version for node_id in set(targets)}

    def update(i: int) -> None:
        node_id = targets[i]
        node = store.update(
            node_id, {"description": f"bench {i}"}, expected_version=versions[node_id], by="bench"
        )
        versions[node_id] = node.version

    update_s = _timed(samples, update, warmup)
    return {
        "nodes": 1 + len(nodes),
        "relationships": len(rels),
        "import_s": round(import_s, 3),
        "import_items_per_s": round(written / import_s),
        # this process's CPU during the import (the rest is the database, or waiting for a
        # core: the machine is shared, so the load average is part of the number)
        "import_client_cpu_s": round(import_cpu_s, 3),
        "import_server_cpu_s": (
            None
            if server_cpu is None or server_after is None
            else round(server_after - server_cpu, 2)
        ),
        "load_avg_1m_before_import": round(load_before, 2),
        "snapshot_s": summarize(snapshot_s),
        "get_s": summarize(read_s),
        "update_s": summarize(update_s),
    }


def run(ctx: BenchContext) -> dict[str, Any]:
    actors = 1_000 if ctx.quick else 10_000
    parts = _territory(actors)
    report: dict[str, Any] = {
        "what": f"generate_territory(actors={actors}, seed=1) bulk-imported into an empty store",
        "actors": actors,
    }
    report["sqlite"] = measure(ctx.sqlite_store("bench-stores"), parts, ctx.quick)
    store = ctx.neo4j_store()
    process = getattr(ctx.neo4j(), "_process", None)  # the JVM, to count its CPU
    report["neo4j"] = measure(store, parts, ctx.quick, getattr(process, "pid", None))
    report["neo4j"]["import_under_30s"] = report["neo4j"]["import_s"] < 30
    return report
