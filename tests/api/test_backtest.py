"""Back-testing on a territory's own history: rebuild the map at a date from the change log,
then score the rankings against the pairs that came to work together after it.

The pair planted after the date is the top of pactmap's own ranking at that date (read from
``analysis.backtest.rankings``), so pactmap's MRR must be 1 and every measure is checked
against that one formed pair."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from pactmap.analysis.backtest import rankings
from pactmap.graph.model import NodeKind, RelType, Role
from pactmap.graph.store import LinkSpec, Store
from pactmap.seeds.demo import load_demo

from .conftest import Api
from .test_cli import Cli
from .test_cli import pactmap as pactmap  # the fixture, shared

QUERY = """query($t: ID!, $at: DateTime!) { backtest(territoryId: $t, at: $at, k: 10) {
  formedPairs scores { method k precision recall mrr } } }"""


def plant_after(store: Store, territory: str) -> tuple[datetime, tuple[str, str]]:
    """A date, then a joint commitment (made after it) by pactmap's top pair at that date."""
    time.sleep(0.01)
    at = datetime.now(UTC)
    time.sleep(0.01)
    top = rankings(store.snapshot(territory))["pactmap"][0]
    store.create(
        NodeKind.COMMITMENT,
        {"title": "A joint commitment made after the date"},
        territory_id=territory,
        by="test",
        links=[
            LinkSpec(RelType.MADE, top[0], outgoing=False),
            LinkSpec(RelType.MADE, top[1], outgoing=False),
        ],
    )
    return at, top


def test_graphql_backtest_scores_the_pair_that_formed(sqlite_api: Api) -> None:
    territory = load_demo(sqlite_api.store)
    facilitator = sqlite_api.user("f@example.org", {territory: Role.FACILITATOR})
    at, _ = plant_after(sqlite_api.store, territory)
    data = sqlite_api.run(QUERY, facilitator, t=territory, at=at.isoformat())["backtest"]
    assert data["formedPairs"] == 1
    scores = {s["method"]: s for s in data["scores"]}
    assert set(scores) == {
        "pactmap",
        "common_neighbours",
        "adamic_adar",
        "preferential_attachment",
        "random",
    }
    assert scores["pactmap"] == {
        "method": "pactmap",
        "k": 10,
        "precision": 0.1,
        "recall": 1.0,
        "mrr": 1.0,
    }
    viewer = sqlite_api.user("v@example.org", {territory: Role.VIEWER})
    assert "may not analyse" in sqlite_api.errors(QUERY, viewer, t=territory, at=at.isoformat())[0]


def test_cli_backtest_prints_the_table(pactmap: Cli) -> None:
    territory = pactmap("demo").last_line
    at, _ = plant_after(pactmap.store(), territory)
    done = pactmap(
        "backtest",
        "--territory",
        territory,
        "--at",
        at.isoformat(),
        "--k",
        "10",
        "--format",
        "json",
    )
    assert done.code == 0, done.err
    import json

    report = json.loads(done.out)
    assert report["formedPairs"] == 1
    assert report["scores"][0] == {
        "method": "pactmap",
        "k": 10,
        "precision": 0.1,
        "recall": 1.0,
        "mrr": 1.0,
    }
    text = pactmap("backtest", "--territory", territory, "--at", at.isoformat())
    assert "1 pairs came to work together" in text.out and "adamic_adar" in text.out


@pytest.mark.parametrize("k", [0, 201])
def test_a_bad_k_is_refused_by_name(sqlite_api: Api, k: int) -> None:
    territory = load_demo(sqlite_api.store)
    facilitator = sqlite_api.user("f@example.org", {territory: Role.FACILITATOR})
    query = (
        "query($t: ID!, $k: Int!) { backtest(territoryId: $t, at: "
        '"2024-01-01T00:00:00Z", k: $k) { formedPairs } }'
    )
    assert "k is between 1 and 200" in sqlite_api.errors(query, facilitator, t=territory, k=k)[0]
