"""Prove that the Neo4j and browser tiers really ran: skipped is not passed.

Two roles in one file:

- a pytest plugin (``pytest -p tests.check_tiers``) that counts, for each tier marker, the tests
  that passed, failed and were skipped, and writes them to ``test-artifacts/tiers.json``
  (``--tiers-report PATH`` to change it);
- a checker (``python -m tests.check_tiers test-artifacts/tiers.json``) that exits 1 unless every
  required tier has at least one passed test and none failed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

REQUIRED_TIERS = ("neo4j", "browser")
DEFAULT_REPORT = Path("test-artifacts") / "tiers.json"


class TierCounter:
    """Each test's outcome (failed in any phase > passed its call > skipped), by tier."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outcomes: dict[str, tuple[list[str], str]] = {}

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.path.unlink(missing_ok=True)  # a stale report must never vouch for this run

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tiers = [t for t in REQUIRED_TIERS if t in report.keywords] or ["other"]
        _, before = self.outcomes.get(report.nodeid, (tiers, ""))
        if report.failed:
            outcome = "failed"
        elif before == "failed":
            return
        elif report.skipped:
            outcome = "skipped"
        elif report.when == "call":
            outcome = "passed"
        else:
            return
        self.outcomes[report.nodeid] = (tiers, outcome)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        counts: dict[str, Counter[str]] = {t: Counter() for t in (*REQUIRED_TIERS, "other")}
        for tiers, outcome in self.outcomes.values():
            for tier in tiers:
                counts[tier][outcome] += 1
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "exitstatus": int(exitstatus),
            "tiers": {tier: dict(counter) for tier, counter in counts.items()},
        }
        self.path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--tiers-report", default=str(DEFAULT_REPORT), help="where to write the tier counts"
    )


def pytest_configure(config: pytest.Config) -> None:
    path = Path(config.getoption("--tiers-report"))
    config.pluginmanager.register(TierCounter(path), "tier-counter")


def check(data: dict[str, Any]) -> list[str]:
    """The reasons the run does not prove every tier (empty when it does)."""
    problems = []
    tiers = data.get("tiers", {})
    for tier in REQUIRED_TIERS:
        counts = tiers.get(tier, {})
        passed, failed = counts.get("passed", 0), counts.get("failed", 0)
        skipped = counts.get("skipped", 0)
        if failed:
            problems.append(f"tier '{tier}': {failed} test(s) failed")
        if passed == 0:
            problems.append(f"tier '{tier}': no test passed ({skipped} skipped); it did not run")
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_REPORT
    if not path.is_file():
        print(f"check_tiers: no report at {path}: did pytest run with -p tests.check_tiers?")
        return 1
    data = json.loads(path.read_text(encoding="utf-8"))
    for tier, counts in data.get("tiers", {}).items():
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
        print(f"check_tiers: {tier}: {summary}")
    problems = check(data)
    for problem in problems:
        print(f"check_tiers: FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
