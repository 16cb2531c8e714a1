"""``pactmap suggestions accept|reject|discuss``: from a printed suggestion id to a recorded
decision (and a draft contract), against a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pactmap.api.settings import get_settings
from pactmap.graph.model import NodeKind, SuggestionDecision

from .test_cli import Cli, one_error_line


@pytest.fixture
def pactmap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Cli]:
    """The CLI on a fresh SQLite file (as tests/api/test_cli.py sets it up)."""
    for name in ("SECRET_KEY", "HOST", "PORT", "CORS_ORIGINS", "ENV", "COOKIE_SECURE"):
        monkeypatch.delenv(f"PACTMAP_{name}", raising=False)
    monkeypatch.setenv("PACTMAP_DATA_DIR", str(tmp_path / "data"))
    runner = Cli(capsys, monkeypatch)
    runner.use_database(tmp_path / "cli.db")
    yield runner
    get_settings.cache_clear()


def suggestion_ids(pactmap: Cli) -> list[str]:
    result = pactmap("analyze", "--territory", "valbrune", "--format", "json")
    assert result.code == 0, result.err
    return [s["id"] for s in json.loads(result.out)["suggestions"]]


def test_accept_prints_the_draft_contract_and_records_the_decision(pactmap: Cli) -> None:
    assert pactmap("demo").code == 0
    first = suggestion_ids(pactmap)[0]
    result = pactmap("suggestions", "accept", "--territory", "valbrune", first, "--note", "go")
    assert result.code == 0, result.err
    contract_id = result.last_line
    store = pactmap.store()
    try:
        contract = store.get(contract_id)
        assert contract.KIND is NodeKind.CONTRACT
        (decision,) = store.decisions("valbrune")
        assert decision.decision is SuggestionDecision.ACCEPTED
        assert (decision.contract_id, decision.note, decision.by) == (contract_id, "go", "cli")
    finally:
        store.close()
    # accepted once: the team is now bound by the draft, the suggestion is gone
    again = pactmap("suggestions", "accept", "--territory", "valbrune", first)
    one_error_line(again)
    assert f"Suggestion '{first}' does not exist" in again.err


def test_reject_and_discuss(pactmap: Cli) -> None:
    assert pactmap("demo").code == 0
    first, second = suggestion_ids(pactmap)[:2]
    rejected = pactmap("suggestions", "reject", "--territory", "valbrune", first, "--note", "no")
    assert rejected.code == 0 and rejected.last_line.startswith(f"rejected\t{first}\tdec-")
    discussed = pactmap("suggestions", "discuss", "--territory", "valbrune", second)
    assert discussed.code == 0 and discussed.last_line.startswith(f"discuss\t{second}\t")
    store = pactmap.store()
    try:
        assert {d.decision for d in store.decisions("valbrune")} == {
            SuggestionDecision.REJECTED,
            SuggestionDecision.DISCUSS,
        }
    finally:
        store.close()


def test_unknown_suggestion_or_territory_is_one_error_line(pactmap: Cli) -> None:
    assert pactmap("demo").code == 0
    one_error_line(pactmap("suggestions", "reject", "--territory", "valbrune", "sug-nope"))
    one_error_line(pactmap("suggestions", "accept", "--territory", "nowhere", "sug-nope"))


def test_analyze_sensitivity_prints_the_weight_report(pactmap: Cli) -> None:
    assert pactmap("demo").code == 0
    result = pactmap("analyze", "--territory", "valbrune", "--sensitivity")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["top"] == 5
    assert {c["weight"] for c in report["changes"]} >= {"coverage", "interdependent"}
