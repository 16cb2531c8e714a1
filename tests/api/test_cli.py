"""The pactmap command line, run in-process through ``cli.run`` against a fresh SQLite file
(one subprocess test proves the real entry point)."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pactmap.api import cli
from pactmap.api.security import hash_token, verify_password
from pactmap.api.settings import get_settings
from pactmap.graph.model import NodeKind, RelType, Role, Sector, TokenScope, utcnow
from pactmap.graph.sqlite import SqliteStore
from pactmap.graph.store import Store


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def use_database(self, path: Path) -> None:
        self.db = path
        self.monkeypatch.setenv("PACTMAP_DATABASE", f"sqlite:///{path}")
        get_settings.cache_clear()

    def __call__(self, *args: str, stdin: str = "") -> Result:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        code = cli.run(list(args))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def store(self) -> Store:
        return SqliteStore(self.db)


@pytest.fixture
def pactmap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Cli]:
    for name in ("SECRET_KEY", "HOST", "PORT", "CORS_ORIGINS", "ENV", "COOKIE_SECURE"):
        monkeypatch.delenv(f"PACTMAP_{name}", raising=False)
    monkeypatch.setenv("PACTMAP_DATA_DIR", str(tmp_path / "data"))
    runner = Cli(capsys, monkeypatch)
    runner.use_database(tmp_path / "cli.db")
    yield runner
    get_settings.cache_clear()


def one_error_line(result: Result) -> str:
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("pactmap: error: ")
    assert "Traceback" not in result.err
    return lines[0]


def test_territories_create_prints_the_id_last_and_the_list_shows_it(pactmap: Cli) -> None:
    created = pactmap("territories", "create", "Valbourg")
    assert created.code == 0
    territory_id = created.last_line
    other = pactmap("territories", "create", "Ostrelle").last_line

    listing = pactmap("territories")

    assert listing.code == 0
    lines = sorted(listing.out.strip().splitlines())
    assert lines == sorted([f"{territory_id}\tValbourg", f"{other}\tOstrelle"])


def test_users_add_stores_an_argon2_hash_and_the_role(pactmap: Cli) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line

    result = pactmap(
        "users",
        "add",
        "Amira@Example.org",
        "--role",
        "admin",
        "--territory",
        territory_id,
        "--name",
        "Amira",
        "--password-stdin",
        stdin="a long passphrase\n",
    )

    assert result.code == 0, result.err
    store = pactmap.store()
    try:
        user = store.find_user("amira@example.org")
        assert user is not None and user.id == result.last_line
        assert user.name == "Amira"
        assert "a long passphrase" not in user.password_hash
        assert verify_password(user.password_hash, "a long passphrase")
        [membership] = store.memberships(user_id=user.id)
        assert (membership.territory_id, membership.role) == (territory_id, Role.ADMIN)
    finally:
        store.close()


def test_users_add_again_changes_the_role_without_a_second_user(pactmap: Cli) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    first = pactmap(
        "users", "add", "jonas@example.org", "--role", "viewer", "--territory", territory_id
    )
    # no --password-stdin: a generated password is printed once, and it works
    password = next(
        line.removeprefix("password: ")
        for line in first.out.splitlines()
        if line.startswith("password: ")
    )
    second = pactmap(
        "users", "add", "jonas@example.org", "--role", "facilitator", "--territory", territory_id
    )

    assert second.code == 0 and "password:" not in second.out
    store = pactmap.store()
    try:
        user = store.find_user("jonas@example.org")
        assert user is not None and first.last_line == second.last_line == user.id
        assert verify_password(user.password_hash, password)
        assert [m.role for m in store.memberships(user_id=user.id)] == [Role.FACILITATOR]
    finally:
        store.close()


def test_tokens_create_prints_the_token_last_and_stores_only_its_hash(pactmap: Cli) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    before = utcnow()

    result = pactmap(
        "tokens",
        "create",
        "--territory",
        territory_id,
        "--scope",
        "read",
        "--expires-in",
        "30",
        "--name",
        "observatory",
    )

    assert result.code == 0, result.err
    token = result.last_line
    assert token.startswith("pm_")
    store = pactmap.store()
    try:
        stored = store.find_token(hash_token(token))
        assert stored is not None
        assert (stored.territory_id, stored.scope, stored.name) == (
            territory_id,
            TokenScope.READ,
            "observatory",
        )
        assert stored.expires_at is not None
        assert before + timedelta(days=30) <= stored.expires_at <= utcnow() + timedelta(days=30)
        token_id = stored.id
    finally:
        store.close()
    # the token itself is nowhere in the database files
    for path in pactmap.db.parent.glob("cli.db*"):
        assert token.encode() not in path.read_bytes()

    assert pactmap("tokens", "revoke", token_id).code == 0
    store = pactmap.store()
    try:
        revoked = store.find_token(hash_token(token))
        assert revoked is not None and revoked.revoked_at is not None
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (
            ("users", "add", "a@b.org", "--role", "admin", "--territory", "ter-missing"),
            "",
            "Territory 'ter-missing' does not exist",
        ),
        (("tokens", "create", "--territory", "ter-missing", "--scope", "write"), "", "ter-missing"),
        (("tokens", "revoke", "tok-missing"), "", "tok-missing"),
        (("import", "no-such-file.json"), "", "no-such-file.json"),
        (("territories", "create", "  "), "", "name"),
        (("generate", "--actors", "5"), "", "at least 30 actors"),
    ],
)
def test_errors_print_one_line_and_exit_1(
    pactmap: Cli, args: tuple[str, ...], stdin: str, expected: str
) -> None:
    assert expected in one_error_line(pactmap(*args, stdin=stdin))


def test_a_weak_password_is_refused_before_anything_is_written(pactmap: Cli) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    result = pactmap(
        "users",
        "add",
        "a@b.org",
        "--role",
        "admin",
        "--territory",
        territory_id,
        "--password-stdin",
        stdin="short\n",
    )
    assert "password" in one_error_line(result)
    store = pactmap.store()
    try:
        assert store.find_user("a@b.org") is None
    finally:
        store.close()


def test_a_bad_setting_is_one_line_naming_it(pactmap: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTMAP_DATABASE", "postgres://db/pactmap")
    get_settings.cache_clear()
    line = one_error_line(pactmap("territories"))
    assert "PACTMAP_DATABASE='postgres://db/pactmap'" in line


def test_export_then_import_into_an_empty_database_gives_the_same_file(
    pactmap: Cli, tmp_path: Path
) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    store = pactmap.store()
    try:
        landlord = store.create(
            NodeKind.ACTOR,
            {"name": "Valbourg Habitat", "sector": Sector.PUBLIC_SERVICE},
            by="test",
            territory_id=territory_id,
        )
        tenants = store.create(
            NodeKind.ACTOR,
            {"name": "Tenants of Les Aubiers", "sector": Sector.CITIZEN_GROUP},
            by="test",
            territory_id=territory_id,
        )
        store.link(RelType.COLLABORATES_WITH, landlord.id, tenants.id, {"strength": 2}, by="test")
    finally:
        store.close()
    first, second = tmp_path / "a.json", tmp_path / "b.json"

    assert (
        pactmap("export", "--territory", territory_id, "--format", "json", "-o", str(first)).code
        == 0
    )
    pactmap.use_database(tmp_path / "empty.db")
    imported = pactmap("import", str(first))
    assert imported.code == 0, imported.err
    assert imported.last_line == territory_id
    assert (
        pactmap("export", "--territory", territory_id, "--format", "json", "-o", str(second)).code
        == 0
    )

    assert first.read_bytes() == second.read_bytes()
    assert "Tenants of Les Aubiers" in first.read_text()


def test_generate_prints_the_new_territory_id_last(pactmap: Cli) -> None:
    result = pactmap("generate", "--actors", "60", "--seed", "3")

    assert result.code == 0, result.err
    store = pactmap.store()
    try:
        territory = store.get(result.last_line)
        assert territory.KIND is NodeKind.TERRITORY
        assert store.list_nodes(NodeKind.ACTOR, territory.id, first=1).total_count == 60
    finally:
        store.close()


def test_demo_twice_duplicates_nothing_and_prints_a_working_login(pactmap: Cli) -> None:
    first = pactmap("demo")
    assert first.code == 0, first.err
    store = pactmap.store()
    try:
        before = store.snapshot(first.last_line)
    finally:
        store.close()

    second = pactmap("demo")

    assert second.code == 0, second.err
    assert second.last_line == first.last_line
    assert f"{cli.DEMO_EMAIL} / {cli.DEMO_PASSWORD}" in second.out
    store = pactmap.store()
    try:
        after = store.snapshot(second.last_line)
        assert len(after.nodes) == len(before.nodes) > 50
        assert len(after.relationships) == len(before.relationships)
        assert len(store.list_nodes(NodeKind.TERRITORY, None).items) == 1
        user = store.find_user(cli.DEMO_EMAIL)
        assert user is not None and verify_password(user.password_hash, cli.DEMO_PASSWORD)
        assert [(m.territory_id, m.role) for m in store.memberships(user_id=user.id)] == [
            (first.last_line, Role.COORDINATOR)
        ]
    finally:
        store.close()


def test_python_dash_m_pactmap_api_is_the_cli_and_fails_without_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(tmp_path / "data"),
        "PACTMAP_DATABASE": f"sqlite:///{tmp_path}/sub.db",
    }
    ok = subprocess.run(
        [sys.executable, "-m", "pactmap.api", "territories", "create", "Valbourg"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().startswith("ter-")

    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "pactmap.api",
            "export",
            "--territory",
            "ter-none",
            "-o",
            str(tmp_path / "x.json"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr == "pactmap: error: Territory 'ter-none' does not exist\n"


def test_users_list_and_erase(pactmap: Cli) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    user_id = pactmap(
        "users", "add", "amira@example.org", "--role", "coordinator", "--territory", territory_id
    ).last_line

    listing = pactmap("users", "list", "--territory", territory_id)
    assert listing.out.strip().splitlines() == [f"{user_id}\tamira@example.org\tcoordinator"]

    assert pactmap("users", "erase", "amira@example.org").code == 0
    assert pactmap("users", "list", "--territory", territory_id).out == ""
    store = pactmap.store()
    try:
        assert store.find_user("amira@example.org") is None
    finally:
        store.close()
    assert "amira@example.org" in one_error_line(pactmap("users", "erase", "amira@example.org"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_healthz_on_the_given_port(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PACTMAP_DATA_DIR": str(tmp_path / "data"),
        "PACTMAP_DATABASE": f"sqlite:///{tmp_path}/serve.db",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "pactmap.api", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120  # a start-up on a loaded machine, not a speed target
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:
                    body = json.load(response)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "pactmap serve did not answer in 120 s"
                time.sleep(0.2)
        assert body["status"] == "ok"
        assert body["store"] == "sqlite"
    finally:
        server.terminate()
        _, log = server.communicate(timeout=15)
    # SIGTERM runs the lifespan's shutdown (which closes the store); uvicorn then re-raises it
    assert "Application shutdown complete" in log
    assert server.returncode in (0, -signal.SIGTERM)


def test_analyze_reports_the_gap_between_unconnected_actors(pactmap: Cli, tmp_path: Path) -> None:
    territory_id = pactmap("territories", "create", "Valbourg").last_line
    store = pactmap.store()
    try:
        topic = store.create(
            NodeKind.TOPIC,
            {"name": "Energy poverty", "dimension": "A"},
            by="test",
            territory_id=territory_id,
        )
        actors = {}
        for name, sector in [
            ("Town hall", Sector.PUBLIC_AUTHORITY),
            ("Tenants", Sector.CITIZEN_GROUP),
            ("Energy advice", Sector.ASSOCIATION),
        ]:
            actors[name] = store.create(
                NodeKind.ACTOR,
                {"name": name, "sector": sector},
                by="test",
                territory_id=territory_id,
            ).id
            store.link(RelType.WORKS_ON, actors[name], topic.id, {}, by="test")
        store.link(
            RelType.COLLABORATES_WITH, actors["Town hall"], actors["Energy advice"], {}, by="test"
        )
    finally:
        store.close()

    as_json = pactmap("analyze", "--territory", territory_id, "--format", "json")
    assert as_json.code == 0, as_json.err
    report = json.loads(as_json.out)
    # the tenants have no tie to either organisation on the topic they share: an open motif
    gap_pairs = [{a["name"] for a in gap["actors"]} for gap in report["gaps"]]
    assert {"Tenants", "Town hall"} in gap_pairs
    assert {"Town hall", "Energy advice"} not in gap_pairs  # they collaborate

    page = tmp_path / "report.md"
    assert (
        pactmap(
            "analyze", "--territory", territory_id, "--format", "markdown", "-o", str(page)
        ).code
        == 0
    )
    text = page.read_text()
    assert text.startswith("# Analysis of Valbourg")
    assert "## Coordination gaps" in text and "Tenants" in text


def test_the_demo_exported_imported_into_an_empty_database_and_exported_again_is_identical(
    pactmap: Cli, tmp_path: Path
) -> None:
    territory_id = pactmap("demo").last_line
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert (
        pactmap("export", "--territory", territory_id, "--format", "json", "-o", str(first)).code
        == 0
    )

    pactmap.use_database(tmp_path / "empty.db")
    assert pactmap("import", str(first)).last_line == territory_id
    assert (
        pactmap("export", "--territory", territory_id, "--format", "json", "-o", str(second)).code
        == 0
    )

    assert first.read_bytes() == second.read_bytes()


def test_template_writes_the_workbook_with_one_sheet_per_kind(pactmap: Cli, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "template.xlsx"
    assert pactmap("template", str(path)).code == 0
    sheets = openpyxl.load_workbook(path).sheetnames
    # issue 7 names these sheets: one per kind, plus the relationships
    for sheet in (
        "actors",
        "topics",
        "commitments",
        "contracts",
        "indicators",
        "measurements",
        "criteria",
        "relationships",
    ):
        assert sheet in sheets


def use_neo4j(pactmap: Cli, monkeypatch: pytest.MonkeyPatch, server: Any) -> None:
    from pactmap.graph.neo4j import Neo4jStore

    store = Neo4jStore(server.uri, user=server.user, password=server.password)
    try:
        store.wipe()  # one user database in Community: start from an empty graph
    finally:
        store.close()
    monkeypatch.setenv("PACTMAP_DATABASE", server.uri)
    monkeypatch.setenv("PACTMAP_NEO4J_USER", server.user)
    monkeypatch.setenv("PACTMAP_NEO4J_PASSWORD", server.password)
    get_settings.cache_clear()


@pytest.mark.neo4j
def test_a_territory_moves_from_sqlite_to_neo4j_unchanged(
    pactmap: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, neo4j_server: Any
) -> None:
    territory_id = pactmap("demo").last_line
    first, second = tmp_path / "sqlite.json", tmp_path / "neo4j.json"
    assert pactmap("export", "--territory", territory_id, "-o", str(first)).code == 0

    use_neo4j(pactmap, monkeypatch, neo4j_server)
    imported = pactmap("import", str(first))
    assert imported.code == 0, imported.err
    assert pactmap("territories").out.startswith(f"{territory_id}\t")
    exported = pactmap("export", "--territory", territory_id, "-o", str(second))
    assert exported.code == 0, exported.err

    assert first.read_bytes() == second.read_bytes()


@pytest.mark.neo4j
def test_demo_users_and_tokens_work_on_neo4j(
    pactmap: Cli, monkeypatch: pytest.MonkeyPatch, neo4j_server: Any
) -> None:
    use_neo4j(pactmap, monkeypatch, neo4j_server)
    first = pactmap("demo")
    second = pactmap("demo")
    assert first.code == second.code == 0, first.err + second.err
    assert first.last_line == second.last_line
    assert pactmap("territories").out.strip().splitlines() == [f"{first.last_line}\tValbrune"]

    token = pactmap("tokens", "create", "--territory", first.last_line, "--scope", "read").last_line
    from pactmap.graph.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    try:
        stored = store.find_token(hash_token(token))
        assert stored is not None and stored.territory_id == first.last_line
        user = store.find_user(cli.DEMO_EMAIL)
        assert user is not None and verify_password(user.password_hash, cli.DEMO_PASSWORD)
    finally:
        store.close()


def test_an_unreachable_neo4j_is_one_line_naming_the_uri(
    pactmap: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()  # nothing listens there
    monkeypatch.setenv("PACTMAP_DATABASE", f"bolt://127.0.0.1:{port}")
    get_settings.cache_clear()
    assert f"bolt://127.0.0.1:{port}" in one_error_line(pactmap("territories"))


def test_a_malformed_spreadsheet_lists_every_problem_and_writes_nothing(
    pactmap: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "actors.csv"
    sheet.write_text(
        "name,sector,influence\n"
        "Energy advice,association,3\n"
        "Social landlord,NGO,2\n"  # line 3: not a sector of the model
        "Town hall,public_authority,9\n"  # line 4: influence is 1-5
    )

    result = pactmap("import", str(sheet))

    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert lines[0] == "pactmap: error: the file has 2 problems; nothing was written"
    assert lines[1].startswith("  line 3: actors: sector:") and "'NGO'" in lines[1]
    assert lines[2].startswith("  line 4: actors: influence:") and "'9'" in lines[2]
    assert "Traceback" not in result.err
    assert pactmap("territories").out == ""
