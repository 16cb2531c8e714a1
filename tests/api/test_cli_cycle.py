"""``pactmap cycle advance|list|diff`` and ``pactmap synthesis`` on the demo territory, against
a real SQLite file."""

from __future__ import annotations

import json

from pactmap.graph.model import NodeKind, RelType

from .test_cli import Cli, one_error_line
from .test_cli_suggestions import pactmap  # noqa: F401 - the fixture

T = "valbrune"


def test_advance_then_diff_reports_what_the_new_cycle_added(pactmap: Cli) -> None:  # noqa: F811
    assert pactmap("demo").code == 0
    # the demo is loaded in cycle 2 (seeds/valbrune.py)
    moved = pactmap("cycle", "advance", "--territory", T)
    assert moved.code == 0, moved.err
    assert moved.last_line == "3"
    listed = pactmap("cycle", "list", "--territory", T)
    assert [line.split("\t")[0] for line in listed.out.splitlines()] == ["2", "3"]
    assert listed.out.splitlines()[-1].endswith("\tnow")

    store = pactmap.store()
    try:
        firm = store.create(
            NodeKind.ACTOR,
            {"name": "Heat pumps Ltd", "sector": "private_company"},
            by="test",
            territory_id=T,
        ).id
        town = "valbrune-act-town-hall"
        store.link(RelType.COLLABORATES_WITH, firm, town, by="test")
    finally:
        store.close()

    result = pactmap(
        "cycle", "diff", "--territory", T, "--from", "2", "--to", "3", "--format", "json"
    )
    assert result.code == 0, result.err
    diff = json.loads(result.out)
    assert (diff["fromCycle"], diff["toCycle"]) == (2, 3)
    assert [a["name"] for a in diff["newActors"]] == ["Heat pumps Ltd"]
    ties = [[a["id"] for a in t["actors"]] for t in diff["newCrossSectorTies"]]
    assert sorted([firm, town]) in [sorted(t) for t in ties]
    text = pactmap("cycle", "diff", "--territory", T, "--from", "2", "--to", "3")
    assert "New actors: Heat pumps Ltd" in text.out

    again = pactmap("cycle", "advance", "--territory", T)
    assert "already in the last cycle (3)" in one_error_line(again)
    never = pactmap("cycle", "diff", "--territory", T, "--from", "1", "--to", "3")
    assert "has not been in cycle 1" in one_error_line(never)


def test_synthesis_shows_indicators_evaluations_and_criteria(pactmap: Cli) -> None:  # noqa: F811
    assert pactmap("demo").code == 0
    result = pactmap("synthesis", "--territory", T, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["cycle"] == 2
    indicators = [i for d in data["dimensions"] for i in d["indicators"]]
    assert indicators and all("trend" in i for i in indicators)
    # the demo's criteria come from 8 citizen groups (seeds/demo.py)
    assert len(data["criteria"]["groups"]) == 8
    text = pactmap("synthesis", "--territory", T)
    assert text.out.startswith("Synthesis of Valbrune (cycle 2)")
    assert "Raised by no group:" in text.out
    missing = pactmap("synthesis", "--territory", "nowhere")
    assert "Territory 'nowhere' does not exist" in one_error_line(missing)
