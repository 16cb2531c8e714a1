"""The work of one GraphQL request without HTTP: ``schema.execute`` of the peer benchmark's
queries (one actor with topics, a page of 100 actors with topics, a name search, two hops), on
SQLite and on Neo4j, with a read caller.

The generated territory of bench_peer (2,000 actors; 300 with ``--quick``). Reported per store
and query: the median wall and CPU milliseconds of this process per request (the CPU is the
GraphQL execution, the resolvers and the store's driver; a Neo4j server's own work is not in
it), and where the CPU went: the functions of the largest own time under cProfile, so that the
next optimisation starts from a profile.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import statistics
import time
from typing import Any

from .bench_peer import PACTMAP_QUERIES, prepare, variables
from .context import BenchContext

TOP = 12


def _top(profile: cProfile.Profile) -> list[dict[str, Any]]:
    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    return [
        {"function": f"{path.rsplit('/', 2)[-1]}:{line}({name})", "own_s": round(own, 4)}
        for (path, line, name), (_, _, own, _, _) in rows[:TOP]
    ]


async def _measure(store: Any, plan: dict[str, Any], runs: int) -> dict[str, Any]:
    from pactmap.api.auth import Caller
    from pactmap.api.schema import ApiOptions, Context, build_schema
    from pactmap.api.schema.feed import ChangeFeed
    from pactmap.graph.model import Role

    schema = build_schema(ApiOptions())
    feed = ChangeFeed(poll_seconds=1.0)
    caller = Caller(roles={plan["territory"]: Role.VIEWER})

    async def once(query: str) -> None:
        context = Context(store=store, options=ApiOptions(), feed=feed, caller=caller)
        result = await schema.execute(
            PACTMAP_QUERIES[query], variable_values=variables(query, plan), context_value=context
        )
        if result.errors:
            raise RuntimeError(f"{query}: {result.errors[0].message}")

    out: dict[str, Any] = {}
    for query in PACTMAP_QUERIES:
        for _ in range(5):
            await once(query)
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            await once(query)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(max(5, runs // 4)):
            await once(query)
        profile.disable()
        out[query] = {
            "p50_ms": round(statistics.median(walls) * 1000, 3),
            "cpu_p50_ms": round(statistics.median(cpus) * 1000, 3),
            "profile_top_own_time": _top(profile),
        }
    return out


def run(ctx: BenchContext) -> dict[str, Any]:
    actors = 300 if ctx.quick else 2000
    runs = 40 if ctx.quick else 200
    result: dict[str, Any] = {
        "what": f"schema.execute of the peer queries, {actors} generated actors, "
        f"{runs} runs each; median wall and CPU ms of this process per request",
    }
    for name, store in (("sqlite", ctx.sqlite_store("execute")), ("neo4j", ctx.neo4j_store())):
        plan = prepare(store, actors)
        result[name] = asyncio.run(_measure(store, plan, runs))
    return result
