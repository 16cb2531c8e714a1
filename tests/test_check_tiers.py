"""The tier check that makes `make test` fail when the Neo4j or browser tier did not run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.check_tiers import check

ROOT = Path(__file__).resolve().parent.parent

SUITE = """
import pytest

@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    return request.param

def test_on_every_store(store):
    pass

@pytest.mark.browser
def test_in_the_browser():
    {browser}

def test_plain():
    pass
"""


def run_suite(tmp_path: Path, browser_body: str) -> tuple[int, dict[str, dict[str, int]], str]:
    (tmp_path / "test_suite.py").write_text(SUITE.format(browser=browser_body))
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    neo4j: n\n    browser: b\n")
    report = tmp_path / "tiers.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.check_tiers",
            "--tiers-report",
            str(report),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    checker = subprocess.run(
        [sys.executable, "-m", "tests.check_tiers", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return checker.returncode, json.loads(report.read_text())["tiers"], checker.stdout


def test_a_run_where_every_tier_passed_is_accepted(tmp_path: Path) -> None:
    code, tiers, _ = run_suite(tmp_path, "pass")
    # the neo4j param of the store fixture carries the marker; the sqlite param does not
    assert tiers == {"neo4j": {"passed": 1}, "browser": {"passed": 1}, "other": {"passed": 2}}
    assert code == 0


def test_a_skipped_tier_fails_the_run(tmp_path: Path) -> None:
    code, tiers, out = run_suite(tmp_path, 'pytest.skip(reason="no chromium")')
    assert tiers["browser"] == {"skipped": 1}
    assert code == 1
    assert "tier 'browser': no test passed (1 skipped)" in out


def test_a_failing_tier_fails_the_run(tmp_path: Path) -> None:
    code, tiers, out = run_suite(tmp_path, "assert False")
    assert tiers["browser"] == {"failed": 1}
    assert code == 1
    assert "tier 'browser': 1 test(s) failed" in out


def test_an_empty_report_names_both_missing_tiers() -> None:
    assert check({"tiers": {}}) == [
        "tier 'neo4j': no test passed (0 skipped); it did not run",
        "tier 'browser': no test passed (0 skipped); it did not run",
    ]
