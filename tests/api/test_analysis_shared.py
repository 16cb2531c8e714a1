"""The analysis cache shared through the store: two processes (two store objects on one
database, each with its own in-process cache) compute one analysis between them, on every
store (SQLite, Neo4j)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pactmap.analysis import Limits, Thresholds
from pactmap.api.services import analysis_cache
from pactmap.api.services.analysis_cache import AnalysisCache, store_key
from pactmap.api.services.report_codec import FORMAT, ReportFormatError, dumps, loads
from pactmap.graph.i18n import texts
from pactmap.graph.model import NodeKind
from pactmap.graph.sentence import localized
from pactmap.graph.store import Store
from pactmap.seeds.demo import load_demo

from tests.conftest import open_neo4j, open_sqlite


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two store objects on one database, as two worker processes have."""
    if request.param == "sqlite":
        first, second = open_sqlite(tmp_path / "p.db"), open_sqlite(tmp_path / "p.db")
    else:
        first = open_neo4j(request)  # wiped
        server = request.getfixturevalue("neo4j_server")
        from pactmap.graph.neo4j import Neo4jStore

        second = Neo4jStore(server.uri, user=server.user, password=server.password)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The territories each analyze() call was given, in order."""
    calls: list[str] = []
    real = analysis_cache.analyze

    def counting(snapshot: Any, **kwargs: Any) -> Any:
        calls.append(snapshot.territory.id)
        return real(snapshot, **kwargs)

    monkeypatch.setattr(analysis_cache, "analyze", counting)
    return calls


def test_a_second_worker_reads_the_first_workers_analysis_without_computing(
    two_stores: tuple[Store, Store], computed: list[str]
) -> None:
    first, second = two_stores
    territory = load_demo(first)
    worker_1, worker_2 = AnalysisCache(), AnalysisCache()

    report = worker_1.report(first, territory)
    again = worker_2.report(second, territory)

    assert computed == [territory]
    assert again == report
    assert (worker_2.misses, worker_2.shared_hits) == (0, 1)
    # what the second worker read still speaks every language (a French request to it)
    french = texts("fr")
    assert [localized(g.explanation, french) for g in again.gaps] == [
        localized(g.explanation, french) for g in report.gaps
    ]
    assert "mais" in localized(again.gaps[0].explanation, french)


def test_an_edit_makes_every_worker_compute_the_new_map_once(
    two_stores: tuple[Store, Store], computed: list[str]
) -> None:
    first, second = two_stores
    territory = load_demo(first)
    worker_1, worker_2 = AnalysisCache(), AnalysisCache()
    worker_1.report(first, territory)
    worker_2.report(second, territory)
    actor = first.list_nodes(NodeKind.ACTOR, territory, first=1).items[0]
    second.update(actor.id, {"name": "Renamed"}, expected_version=actor.version, by="test")

    after_2 = worker_2.report(second, territory)
    after_1 = worker_1.report(first, territory)

    assert computed == [territory, territory]
    assert after_1 == after_2
    assert "Renamed" in {r.name for silo in after_1.silos for r in silo.actors} | {
        r.name for r in after_1.isolates
    }


def test_other_parameters_are_kept_apart(
    two_stores: tuple[Store, Store], computed: list[str]
) -> None:
    first, second = two_stores
    territory = load_demo(first)
    AnalysisCache().report(first, territory, seed=1)
    AnalysisCache().report(second, territory, seed=2, limits=Limits(gaps=3))

    assert computed == [territory, territory]


def test_kept_results_follow_the_change_seq_and_go_with_the_territory(store: Store) -> None:
    territory = load_demo(store)
    key = store_key(Limits(), Thresholds(), 0)
    store.save_analysis_result(territory, key, 5, "five")
    store.save_analysis_result(territory, key, 4, "four, late")  # an older map: not kept
    assert store.analysis_result(territory, key, 5) == "five"
    assert store.analysis_result(territory, key, 4) is None
    store.save_analysis_result(territory, "other", 6, "six")  # a newer map: the older goes
    assert store.analysis_result(territory, key, 5) is None
    assert store.analysis_result(territory, "other", 6) == "six"

    store.delete(territory, expected_version=None, by="test")
    assert store.analysis_result(territory, "other", 6) is None
    store.save_analysis_result(territory, "other", 7, "none kept for a missing territory")
    assert store.analysis_result(territory, "other", 7) is None


def test_a_kept_report_in_another_format_is_refused_and_computed_again(
    store: Store, computed: list[str]
) -> None:
    territory = load_demo(store)
    report = AnalysisCache().report(store, territory)
    assert loads(dumps(report)) == report
    with pytest.raises(ReportFormatError, match=f"format 0, not {FORMAT}"):
        loads('{"format": 0, "report": {}}')
    seq = store.territory_version(territory)
    store.save_analysis_result(territory, store_key(Limits(), Thresholds(), 0), seq, "{}")

    assert AnalysisCache().report(store, territory) == report
    assert computed == [territory, territory]
