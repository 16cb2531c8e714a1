"""The generator alone (no store): drawing the plan, then building every validated node and
relationship once, at 1,000, 10,000 and 50,000 actors, each in a child process.

``cpu_s`` (the child's CPU time) stays meaningful on a machine shared with other work, where
wall times stretch. Peak memory is the child's ``ru_maxrss`` (``os.wait4``), which includes the interpreter and
pydantic (about 27 MiB before any generation). Median and p95 over 3 runs (1 with --quick,
which also skips 50,000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from .context import BenchContext, summarize

CHILD = """
import json, sys, time
from pactmap.seeds.generator import generate_territory
actors = int(sys.argv[1])
started, cpu = time.perf_counter(), time.process_time()
generated = generate_territory(actors, 1)
planned = time.perf_counter()
nodes = sum(1 for _ in generated.nodes)
relationships = sum(1 for _ in generated.relationships)
built = time.perf_counter()
print(json.dumps({"plan_s": planned - started, "build_s": built - planned,
                  "total_s": built - started, "cpu_s": time.process_time() - cpu,
                  "nodes": nodes, "relationships": relationships}))
"""


def once(ctx: BenchContext, actors: int) -> dict[str, Any]:
    out_path = ctx.tmp / f"seeds-{actors}.out"
    with out_path.open("w") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(actors)], stdout=out, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"generating {actors} actors failed with status {status}")
    result: dict[str, Any] = json.loads(out_path.read_text())
    result["peak_rss_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return result


def run(ctx: BenchContext) -> dict[str, Any]:
    sizes = (1_000, 10_000) if ctx.quick else (1_000, 10_000, 50_000)
    runs = 1 if ctx.quick else 3
    report: dict[str, Any] = {
        "what": "generate_territory(actors, 1), then iterate its nodes and relationships once",
        "runs": runs,
    }
    for actors in sizes:
        samples = [once(ctx, actors) for _ in range(runs)]
        report[str(actors)] = {
            "nodes": samples[0]["nodes"],
            "relationships": samples[0]["relationships"],
            **{
                key: summarize([s[key] for s in samples])
                for key in ("plan_s", "build_s", "total_s", "cpu_s", "peak_rss_mib")
            },
        }
    return report
