"""``pactmap import actors.csv`` of 10,000 and 100,000 rows into SQLite and Neo4j (2,000 and
20,000 with --quick): does an import run in bounded (streamed) memory?

Each run is the real CLI in a child process (``python -m pactmap.api import FILE``), so
``os.wait4`` gives that child's own wall time, CPU time (user + system) and peak RSS. The
file is one lone CSV named ``actors.csv`` (its sheet is taken from the file name); every
import makes a new territory, whose actors are then counted in the store to check the import
landed. ``rss_ratio_large_over_small`` (median peak RSS of the large size over that of the
small) is the bounded-memory figure: it stays near 1 when rows are streamed. Neo4j's own
memory is the server's (a separate JVM): ``server_tx_peak_mib`` is the most an import's
transaction used there (polled from SHOW TRANSACTIONS); a Neo4j import the server refuses
(e.g. for its transaction memory) is recorded under ``neo4j_error``.

Progress reporting is checked once in-process (the CLI draws its bar only on a terminal):
``import_file`` into SQLite with a counting callback, small size.
"""

from __future__ import annotations

import csv
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .context import BenchContext, summarize

STDERR_TAIL = 2_000  # characters of a failed child's stderr kept in the error


def _write_actors(path: Path, rows: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "sector", "description"])
        for i in range(rows):
            writer.writerow(
                [
                    f"a{i}",
                    f"Actor number {i}",
                    "association",
                    f"An association working on the well-being of all number {i}",
                ]
            )
    return path


def _count_actors(store: Any, territory_id: str) -> int:
    from pactmap.graph.model import NodeKind

    return int(store.list_nodes(NodeKind.ACTOR, territory_id, first=1).total_count)


def _run_child(ctx: BenchContext, csv_path: Path, env: dict[str, str], name: str) -> dict[str, Any]:
    """One ``pactmap import`` child: its wall and CPU time, peak RSS and territory id."""
    command = [sys.executable, "-m", "pactmap.api", "import", str(csv_path)]
    out_path = ctx.tmp / f"{name}.out"
    err_path = ctx.tmp / f"{name}.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        wall = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - wall
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code  # reaped by wait4: Popen must not wait for it again
    if code != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-STDERR_TAIL:]
        raise RuntimeError(f"pactmap import exited with status {code}: {tail.strip()}")
    lines = out_path.read_text(encoding="utf-8").split()
    if not lines:
        raise RuntimeError("pactmap import printed no territory id")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "territory_id": lines[-1],
    }


class _ServerTransactions:
    """Polls a Neo4j server's SHOW TRANSACTIONS while an import runs, keeping the highest
    memory a transaction used (heap estimate + off-heap bytes): the server's share of an
    import, which a child's RSS does not show."""

    def __init__(self, server: Any) -> None:
        from neo4j import GraphDatabase

        self._driver = GraphDatabase.driver(server.uri, auth=(server.user, server.password))
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.wait(POLL_S):
            records, _, _ = self._driver.execute_query(SHOW_TX, database_="neo4j")
            for record in records:
                used = (record["heap"] or 0) + (record["direct"] or 0)
                self.peak_bytes = max(self.peak_bytes, used)

    def __enter__(self) -> _ServerTransactions:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self._driver.close()


POLL_S = 0.2
SHOW_TX = (
    "SHOW TRANSACTIONS YIELD estimatedUsedHeapMemory AS heap, allocatedDirectBytes AS direct, "
    "currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN heap, direct"
)


def _measure_size(
    ctx: BenchContext,
    store_name: str,
    rows: int,
    repeats: int,
    base_env: dict[str, str],
    database_env: Any,
    open_store: Any,
    server: Any = None,
) -> dict[str, Any]:
    csv_path = ctx.tmp / str(rows) / "actors.csv"
    samples: list[dict[str, Any]] = []
    for run in range(repeats):
        name = f"import-{store_name}-{rows}-{run}"
        env = {**base_env, **database_env(name)}
        if server is None:
            sample = _run_child(ctx, csv_path, env, name)
        else:
            with _ServerTransactions(server) as watch:
                sample = _run_child(ctx, csv_path, env, name)
            sample["server_tx_peak_mib"] = watch.peak_bytes / 2**20
        store = open_store(name)
        try:
            actors = _count_actors(store, sample["territory_id"])
        finally:
            store.close()
        if actors != rows:
            raise RuntimeError(
                f"{store_name}: territory {sample['territory_id']} has {actors} actors "
                f"after importing {rows} rows"
            )
        samples.append(sample)
    server_side = {}
    if server is not None:
        server_side["server_tx_peak_mib"] = summarize([s["server_tx_peak_mib"] for s in samples])
    return {
        **server_side,
        "rows": rows,
        "wall_s": summarize([s["wall_s"] for s in samples]),
        "cpu_s": summarize([s["cpu_s"] for s in samples]),
        "peak_rss_mib": summarize([s["peak_rss_mib"] for s in samples]),
        "rows_per_s_cpu": summarize([rows / s["cpu_s"] for s in samples]),
    }


def _rss_ratio(by_size: dict[str, Any], small: int, large: int) -> float | None:
    try:
        low = by_size[str(small)]["peak_rss_mib"]["median"]
        high = by_size[str(large)]["peak_rss_mib"]["median"]
    except KeyError:  # a size failed (neo4j_error): no ratio
        return None
    return round(high / low, 3)


def _progress(ctx: BenchContext, csv_path: Path, rows: int) -> dict[str, Any]:
    """One in-process import into SQLite with a counting progress callback."""
    from pactmap.graph.interchange.formats import import_file

    calls: list[int] = []
    store = ctx.sqlite_store("import-progress")
    report = import_file(store, csv_path, by="bench", progress=calls.append)
    actors = _count_actors(store, report.territory_id)
    if actors != rows:
        raise RuntimeError(f"in-process import: {actors} actors after importing {rows} rows")
    return {
        "rows": rows,
        "progress_calls": len(calls),
        "progress_items": sum(calls),
        "progress_items_at_least_rows_plus_1": sum(calls) >= rows + 1,
    }


def run(ctx: BenchContext) -> dict[str, Any]:
    from pactmap.graph.sqlite import SqliteStore

    small, large = (2_000, 20_000) if ctx.quick else (10_000, 100_000)
    repeats = 1 if ctx.quick else 3
    for rows in (small, large):
        _write_actors(ctx.tmp / str(rows) / "actors.csv", rows)

    data_dir = ctx.tmp / "import-data"
    base_env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(data_dir),
        "PACTMAP_SECRET_KEY": secrets.token_hex(32),  # test-only, fresh each run
    }
    report: dict[str, Any] = {
        "what": (
            f"`pactmap import actors.csv` (id,name,sector,description) of {small} and {large} "
            f"rows as a child process, {repeats} run(s) each, into a fresh SQLite file and into "
            "a new territory on the shared Neo4j; child wall/CPU time and peak RSS. "
            "rss_ratio_large_over_small = median peak RSS of the large size over the small "
            "(near 1 when the import streams); the large size x3 once into SQLite; on Neo4j, "
            "the server's peak transaction memory (SHOW TRANSACTIONS: heap estimate + off-heap)"
        ),
        "sizes": [small, large],
        "rss_ratio_large_over_small": {},
    }

    def sqlite_db(name: str) -> Path:
        return ctx.tmp / f"{name}.db"

    sqlite: dict[str, Any] = {}
    for rows in (small, large):
        sqlite[str(rows)] = _measure_size(
            ctx,
            "sqlite",
            rows,
            repeats,
            base_env,
            lambda name: {"PACTMAP_DATABASE": f"sqlite:///{sqlite_db(name)}"},
            lambda name: SqliteStore(sqlite_db(name)),
        )
    # three times the large size, once: the peak RSS must not move
    _write_actors(ctx.tmp / str(3 * large) / "actors.csv", 3 * large)
    sqlite[str(3 * large)] = _measure_size(
        ctx,
        "sqlite",
        3 * large,
        1,
        base_env,
        lambda name: {"PACTMAP_DATABASE": f"sqlite:///{sqlite_db(name)}"},
        lambda name: SqliteStore(sqlite_db(name)),
    )
    report["sqlite"] = sqlite
    report["rss_ratio_large_over_small"]["sqlite"] = _rss_ratio(sqlite, small, large)
    report["rss_ratio_3x_large_over_large"] = {"sqlite": _rss_ratio(sqlite, large, 3 * large)}
    report["progress"] = _progress(ctx, ctx.tmp / str(small) / "actors.csv", small)

    neo4j: dict[str, Any] = {}
    report["neo4j"] = neo4j
    try:
        server = ctx.neo4j()
    except Exception as exc:  # no Java/Maven here: keep the SQLite numbers
        neo4j["error"] = f"the Neo4j server did not start: {type(exc).__name__}: {exc}"
        report["rss_ratio_large_over_small"]["neo4j"] = None
        return report

    from pactmap.graph.neo4j import Neo4jStore

    def neo4j_store(_name: str = "") -> Any:
        return Neo4jStore(server.uri, user=server.user, password=server.password)

    neo4j_env = {
        "PACTMAP_DATABASE": server.uri,
        "PACTMAP_NEO4J_USER": server.user,
        "PACTMAP_NEO4J_PASSWORD": server.password,
    }
    for rows in (small, large):
        wiper = neo4j_store()
        try:
            wiper.wipe()  # each size starts from an empty database
        finally:
            wiper.close()
        try:
            neo4j[str(rows)] = _measure_size(
                ctx,
                "neo4j",
                rows,
                repeats,
                base_env,
                lambda _name: neo4j_env,
                neo4j_store,
                server,
            )
        except RuntimeError as exc:  # e.g. the server refuses the transaction's memory
            text = str(exc)
            neo4j[str(rows)] = {
                "rows": rows,
                "neo4j_error": text,
                "neo4j_error_is_memory": "memory" in text.lower(),
            }
    report["rss_ratio_large_over_small"]["neo4j"] = _rss_ratio(neo4j, small, large)
    return report
