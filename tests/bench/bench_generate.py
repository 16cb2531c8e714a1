"""``pactmap generate --actors N`` into a fresh SQLite file, in a child process.

Reports the wall time and the child's peak resident memory (``ru_maxrss`` from ``os.wait4``,
so only that process is counted), median over a few runs (one run with ``--quick``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .context import BenchContext, summarize


def generate_once(ctx: BenchContext, actors: int, run: int) -> dict[str, Any]:
    db = ctx.tmp / f"generate-{actors}-{run}.db"
    env = {**os.environ, "PACTMAP_DATABASE": f"sqlite:///{db}", "PACTMAP_DATA_DIR": str(ctx.tmp)}
    command = [sys.executable, "-m", "pactmap.api", "generate", "--actors", str(actors)]
    command += ["--seed", "1"]
    out_path, err_path = ctx.tmp / f"generate-{run}.out", ctx.tmp / f"generate-{run}.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        # wait4, not wait: its rusage is this child's own, so ru_maxrss is its peak memory
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text()
    if child.returncode != 0:
        tail = (err_path.read_text().strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"pactmap generate exited {child.returncode}: {tail}")
    territory_id = stdout.strip().splitlines()[-1]
    size = sum(
        Path(f"{db}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{db}{suffix}").exists()
    )
    return {
        "wall_s": wall,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "db_mib": size / 1024 / 1024,
        "territory_id": territory_id,
    }


def run(ctx: BenchContext) -> dict[str, Any]:
    actors = 10_000
    runs = 1 if ctx.quick else 3
    samples = [generate_once(ctx, actors, i) for i in range(runs)]
    from pactmap.seeds.generator import generate_territory

    shape = generate_territory(actors, 1)  # only the plan: counts without building the nodes
    items = len(shape.nodes) + len(shape.relationships)
    wall = summarize([s["wall_s"] for s in samples])
    return {
        "command": f"pactmap generate --actors {actors} --seed 1 (SQLite, fresh file)",
        "actors": actors,
        "runs": runs,
        "nodes": len(shape.nodes),
        "relationships": len(shape.relationships),
        "wall_s": wall,
        "items_per_s_at_median": round(items / wall["median"]),
        "peak_rss_mib": summarize([s["peak_rss_mib"] for s in samples]),
        "db_mib": round(samples[-1]["db_mib"], 1),
    }
