"""What only the SQLite store promises: its file, its pragmas, its migrations, and that a
process killed in the middle of an import leaves the database as it was."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pactmap.graph.errors import StoreUnavailable
from pactmap.graph.model import Comment, NodeKind, utcnow
from pactmap.graph.sqlite import SqliteStore
from pactmap.graph.sqlite.rows import node_row
from pactmap.graph.sqlite.schema import MIGRATIONS, SCHEMA_VERSION, connect, migrate
from pactmap.graph.store import Store

BY = "usr-test"


def test_a_new_file_is_created_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "nested" / "map.db"
    store = SqliteStore(path)
    try:
        ter = store.create(NodeKind.TERRITORY, {"name": "Here"}, by=BY)
        assert path.is_file()
        assert store.get(ter.id) == ter
    finally:
        store.close()
    reopened = SqliteStore(str(path))  # a str path works too
    try:
        assert reopened.get(ter.id) == ter
    finally:
        reopened.close()


def test_the_database_and_its_wal_files_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    """Issue 13: the map (and its accounts' password hashes) must not be world-readable, even
    under the usual umask 022 that made the file 0644."""
    path = tmp_path / "map.db"
    old_umask = os.umask(0o022)
    try:
        store = SqliteStore(path)
        try:
            store.create(NodeKind.TERRITORY, {"name": "Private"}, by=BY)  # the WAL has frames
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
        finally:
            store.close()
    finally:
        os.umask(old_umask)
    assert modes == {"map.db": 0o600, "map.db-wal": 0o600, "map.db-shm": 0o600}


def test_an_existing_database_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    SqliteStore(path).close()
    path.chmod(0o640)  # an operator's choice, e.g. a group that backs it up
    SqliteStore(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_the_file_uses_wal_foreign_keys_and_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "map.db"
    SqliteStore(path).close()
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    finally:
        raw.close()
    conn = connect(path)  # every connection the store opens
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    finally:
        conn.close()


def test_the_indexes_serve_the_queries(tmp_path: Path) -> None:
    """The plans of the hot queries use an index, not a scan of the whole table."""
    store = SqliteStore(tmp_path / "map.db")
    conn = connect(tmp_path / "map.db")
    try:
        queries = {
            "SELECT id FROM nodes WHERE territory_id IS ? AND kind = ? ORDER BY label, id": 2,
            "SELECT seq FROM changes WHERE territory_id = ? AND seq > ? ORDER BY seq": 2,
            "SELECT from_id FROM rels WHERE to_id = ?": 1,
            "SELECT to_id FROM rels WHERE from_id = ?": 1,
        }
        for sql, n in queries.items():
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ["x"] * n))
            assert "USING" in plan and "TEMP B-TREE" not in plan, (sql, plan)
    finally:
        conn.close()
        store.close()


def test_an_older_schema_is_migrated_at_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = connect(path)
    assert migrate(conn, upto=1) == 1  # the first released schema: no comments table
    now = utcnow()
    from pactmap.graph.model import build_node

    ter = build_node(
        NodeKind.TERRITORY,
        {"id": "ter-old", "name": "Old town", "created_at": now, "updated_at": now},
    )
    conn.execute(
        "INSERT INTO nodes (id, kind, territory_id, label, search_key, sector, dimension, "
        "status, question, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        node_row(ter),
    )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "comments" not in tables
    conn.close()

    store = SqliteStore(path)
    try:
        assert store.get("ter-old") == ter
        comment = Comment(
            id="cmt-1",
            territory_id="ter-old",
            node_id="ter-old",
            author_id="u",
            text="Works after the upgrade",
            created_at=now,
        )
        store.add_comment(comment)
        assert store.comments("ter-old") == [comment]
    finally:
        store.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SqliteStore(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreUnavailable) as caught:
        SqliteStore(path)
    assert str(SCHEMA_VERSION + 5) in str(caught.value)


def test_a_closed_store_refuses_work(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "map.db")
    store.close()
    with pytest.raises(StoreUnavailable):
        store.get("anything")


def test_readers_are_not_blocked_by_a_writer_and_writers_queue(sqlite_store: Store) -> None:
    """While one thread is inside a long bulk import, another thread still reads the state
    before it (WAL), and a second writer waits for the first instead of failing."""
    ter = sqlite_store.create(NodeKind.TERRITORY, {"name": "Busy"}, by=BY)
    club = sqlite_store.create(
        NodeKind.ACTOR, {"name": "Club", "sector": "other"}, by=BY, territory_id=ter.id
    )
    inside, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def hold(_: int) -> None:
        inside.set()
        release.wait(10)

    def importer() -> None:
        renamed = club.model_copy(update={"name": "Club (imported)", "version": 2})
        outcome["import"] = sqlite_store.bulk_upsert(ter, [renamed], [], by=BY, progress=hold)

    def writer() -> None:
        outcome["update"] = sqlite_store.update(club.id, {"interest": 5}, expected_version=2, by=BY)

    first = threading.Thread(target=importer)
    first.start()
    assert inside.wait(10)
    started = time.monotonic()
    assert sqlite_store.get(club.id) == club  # not blocked, sees the committed state
    assert sqlite_store.list_nodes(NodeKind.ACTOR, ter.id).items == [club]
    assert time.monotonic() - started < 5  # blocked, it would wait for release (10 s)
    second = threading.Thread(target=writer)
    second.start()
    time.sleep(0.3)
    assert "update" not in outcome  # waiting for the write lock
    release.set()
    first.join(10)
    second.join(10)
    updated = sqlite_store.get(club.id)
    assert (updated.label, updated.version) == ("Club (imported)", 3)


_CHILD = """
import sys, time
from pactmap.graph.model import NodeKind, build_node, build_relationship
from pactmap.graph.sqlite import SqliteStore

store = SqliteStore(sys.argv[1])
# A tiny page cache makes SQLite spill the open transaction's pages into the WAL, as an
# import larger than the cache does: the kill then lands on uncommitted frames on disk.
store.db.conn().execute("PRAGMA cache_size = 20")
ter = store.get(sys.argv[2])
at = ter.created_at
nodes = [
    build_node(NodeKind.ACTOR, {"id": f"imp-{i:05d}", "territory_id": ter.id,
               "name": f"Imported {i}", "sector": "other", "created_at": at, "updated_at": at})
    for i in range(6000)
]
rels = [build_relationship("COLLABORATES_WITH", f"imp-{i:05d}", f"imp-{i + 1:05d}")
        for i in range(5999)]
calls = []

def progress(n):
    calls.append(n)
    if len(calls) == 2:  # two batches written inside the open transaction
        print("WRITING", flush=True)
        time.sleep(120)

renamed = ter.model_copy(update={"name": "Renamed by the import", "version": ter.version + 1})
store.bulk_upsert(renamed, nodes, rels, by="cli", progress=progress)
print("FINISHED", flush=True)
"""


@pytest.mark.slow
def test_a_process_killed_mid_import_leaves_the_database_as_before(tmp_path: Path) -> None:
    path = tmp_path / "map.db"
    store = SqliteStore(path)
    ter = store.create(NodeKind.TERRITORY, {"name": "Before"}, by=BY)
    store.create(NodeKind.ACTOR, {"name": "Old", "sector": "other"}, by=BY, territory_id=ter.id)
    before = (store.snapshot(ter.id), store.count_changes(ter.id))
    store.close()

    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), ter.id], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "WRITING"
            wal = Path(f"{path}-wal")
            assert wal.stat().st_size > 0  # the import's pages are in the WAL, uncommitted
            child.send_signal(signal.SIGKILL)
            assert child.wait(10) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()

    after = SqliteStore(path)
    try:
        assert (after.snapshot(ter.id), after.count_changes(ter.id)) == before
        assert after.get_many(["imp-00000"]) == {}
        raw = sqlite3.connect(path)
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM nodes").fetchone()[0] == 2
        raw.close()
        after.create(
            NodeKind.ACTOR, {"name": "New", "sector": "other"}, by=BY, territory_id=ter.id
        )  # and the file still takes writes
    finally:
        after.close()


def test_json_columns_hold_the_whole_node(sqlite_store: Store) -> None:
    """Each row's JSON is the node itself, so nothing is lost between the columns."""
    ter = sqlite_store.create(NodeKind.TERRITORY, {"name": "Cols"}, by=BY)
    club = sqlite_store.create(
        NodeKind.ACTOR,
        {"name": "Ça Club", "sector": "citizen_group", "size": 12},
        by=BY,
        territory_id=ter.id,
    )
    assert isinstance(sqlite_store, SqliteStore)
    raw = sqlite3.connect(sqlite_store.path)
    row = raw.execute(
        "SELECT kind, territory_id, label, search_key, sector, version, data FROM nodes "
        "WHERE id = ?",
        (club.id,),
    ).fetchone()
    raw.close()
    assert row[:6] == ("Actor", ter.id, "Ça Club", "ca club", "citizen_group", 1)
    assert json.loads(row[6]) == club.model_dump(mode="json")
