"""The SQLite schema of :class:`pactmap.graph.sqlite.SqliteStore`, versioned in code.

``MIGRATIONS`` is an ordered list; migration *n* takes a database from ``PRAGMA user_version``
*n - 1* to *n*. :func:`migrate` applies the missing ones at open, each in its own
``BEGIN IMMEDIATE`` transaction (two processes opening one new file cannot both migrate it).
A database written by a newer pactmap (a version we do not know) is refused.

Layout: ``nodes`` holds each node as the JSON of its fields plus the columns lists, filters
and search use; ``rels`` holds relationships keyed by ``(from_id, type, to_id)`` with an
index for the reverse direction; ``changes`` is the audit log (``seq`` never reused);
``login_failures`` counts failed sign-ins per account and per address; ``invitations`` keeps
the hashes of invitation tokens.
Deleting a node deletes its relationships (foreign keys, ``ON DELETE CASCADE``); deleting a
Territory deletes its nodes, memberships, tokens, comments and decisions the same way, while
its change log stays (an audit trail outlives what it describes).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import StoreUnavailable

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer's lock before giving up."""

MIGRATIONS: list[tuple[str, ...]] = [
    # 1: the map, the audit log and the accounts
    (
        """CREATE TABLE nodes (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            territory_id TEXT REFERENCES nodes(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            search_key TEXT NOT NULL,
            sector TEXT,
            dimension TEXT,
            status TEXT,
            question TEXT,
            version INTEGER NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX nodes_list ON nodes(territory_id, kind, label, id)",
        "CREATE INDEX nodes_search ON nodes(territory_id, search_key)",
        """CREATE TABLE rels (
            from_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            to_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            territory_id TEXT NOT NULL,
            props TEXT NOT NULL,
            PRIMARY KEY (from_id, type, to_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX rels_in ON rels(to_id, type, from_id)",
        "CREATE INDEX rels_territory ON rels(territory_id)",
        """CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            territory_id TEXT NOT NULL,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            op TEXT NOT NULL,
            target TEXT NOT NULL,
            target_type TEXT NOT NULL,
            before TEXT,
            after TEXT
        )""",
        "CREATE INDEX changes_territory ON changes(territory_id, seq)",
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE memberships (
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (user_id, territory_id)
        )""",
        "CREATE INDEX memberships_territory ON memberships(territory_id, user_id)",
        """CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX tokens_territory ON tokens(territory_id, created_at, id)",
        """CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_user ON sessions(user_id)",
        "CREATE INDEX tokens_user ON tokens(user_id)",
    ),
    # 2: comments and decisions about suggestions; changes read by time
    (
        """CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            node_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX comments_node ON comments(node_id, created_at, id)",
        "CREATE INDEX comments_territory ON comments(territory_id)",
        """CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX decisions_territory ON decisions(territory_id, at, id)",
        "CREATE INDEX changes_at ON changes(territory_id, at)",
    ),
    # 3: failed sign-ins per account and per address (login throttling)
    (
        """CREATE TABLE login_failures (
            key TEXT PRIMARY KEY,
            count INTEGER NOT NULL,
            last_us INTEGER NOT NULL
        ) WITHOUT ROWID""",
    ),
    # 4: invitations to a territory
    (
        """CREATE TABLE invitations (
            id TEXT PRIMARY KEY,
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX invitations_territory ON invitations(territory_id, created_at, id)",
    ),
    # 5: analysis results shared by every process on the database (one per territory and key)
    (
        """CREATE TABLE analysis_results (
            territory_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            seq INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (territory_id, key)
        )""",
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves), WAL, foreign keys on.

    A new database file is created readable by its owner only (0600); SQLite gives its
    ``-wal`` and ``-shm`` files the permissions of the database file."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # an existing database keeps the permissions it has
    except OSError as exc:
        raise StoreUnavailable(f"cannot open the SQLite database '{path}': {exc}") from None
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: big imports touch many index pages
        conn.execute("PRAGMA journal_size_limit = 67108864")  # a big import's WAL shrinks back
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: atomic, durable at checkpoint
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"cannot open the SQLite database '{path}': {exc}") from None
    if str(mode).lower() != "wal":
        conn.close()
        raise StoreUnavailable(f"the SQLite database '{path}' cannot use WAL (journal is {mode})")
    return conn


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations after the database's version, up to ``upto``; return the version."""
    current = user_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"the database has schema version {current}; this pactmap knows up to "
            f"{SCHEMA_VERSION} (upgrade pactmap)"
        )
    for number in range(current + 1, upto + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) >= number:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number:d}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return user_version(conn)
