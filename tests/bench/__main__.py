"""``python -m tests.bench [--quick] [--only NAME ...]``: run the benchmarks, write JSON.

Every ``tests/bench/bench_*.py`` module is imported and its ``run(ctx)`` called; the dict it
returns lands under its name (``generate`` for bench_generate.py) in bench-results/bench.json,
after a header saying on what machine and when the numbers were taken.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .context import BenchContext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def discover() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        info["memory_gib"] = round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this benchmark (repeatable)"
    )
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "bench-results" / "bench.json")
    args = parser.parse_args(argv)

    names = discover()
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            print(f"unknown benchmark {unknown[0]!r} (known: {', '.join(names)})", file=sys.stderr)
            return 2
        names = [n for n in names if n in args.only]

    report: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "results": {},
    }
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pactmap-bench-") as tmp:
        ctx = BenchContext(Path(tmp), quick=args.quick)
        try:
            for name in names:
                print(f"bench {name} ...", file=sys.stderr, flush=True)
                started = time.perf_counter()
                try:
                    module = importlib.import_module(f"tests.bench.bench_{name}")
                    result = module.run(ctx)
                except Exception as exc:  # one failing benchmark must not hide the others
                    traceback.print_exc()
                    result = {"error": f"{type(exc).__name__}: {exc}"}
                    failed.append(name)
                elapsed = time.perf_counter() - started
                report["results"][name] = result
                print(f"bench {name}: {elapsed:.1f} s", file=sys.stderr, flush=True)
        finally:
            ctx.close()

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
