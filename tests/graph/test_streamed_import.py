"""Big imports are streamed: progress for both passes, ids remembered on disk, memory flat.

Chunk sizes are made small here so a few thousand rows span many chunks; the 100,000-row
figures (peak RSS of ``pactmap import`` on both stores) come from
``python -m tests.bench --only import``.
"""

from __future__ import annotations

import csv
import gc
import tracemalloc
from pathlib import Path

import pytest
from pactmap.graph.errors import ImportFileError, ValidationError
from pactmap.graph.interchange import document
from pactmap.graph.interchange.formats import import_file
from pactmap.graph.model import NodeKind, RelType, build_node, utcnow
from pactmap.graph.neo4j import bulk as neo4j_bulk
from pactmap.graph.sqlite import bulk as sqlite_bulk
from pactmap.graph.store import Store
from pactmap.graph.tempindex import TempIndex

BY = "test"


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "CHUNK", 50)
    monkeypatch.setattr(sqlite_bulk, "BATCH", 100)
    monkeypatch.setattr(neo4j_bulk, "BATCH", 100)


def write_map(folder: Path, actors: int) -> Path:
    """``actors`` actors in a chain of collaborations: a workbook of two CSV sheets."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "actors.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "sector", "description"])
        for i in range(actors):
            out.writerow([f"a{i}", f"Actor {i}", "association", f"Works on well-being, {i}"])
    with (folder / "relationships.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["from", "type", "to", "strength"])
        for i in range(actors - 1):
            out.writerow([f"a{i}", "COLLABORATES_WITH", f"a{i + 1}", 1 + i % 5])
    return folder


def test_a_temp_index_answers_repeats_and_keeps_the_first_record() -> None:
    with TempIndex() as index:
        assert index.add([("a", "x.a", "Actor"), ("b", "x.b", "Topic"), ("a", "x.z", "Topic")]) == {
            2
        }
        assert index.add([("c", "x.c", "Actor"), ("b", "x.q", "Actor")]) == {1}
        assert len(index) == 3
        assert index.get(["a", "b", "nope"]) == {"a": ("x.a", "Actor"), "b": ("x.b", "Topic")}
        many = [(f"id{i}", f"v{i}", "Actor") for i in range(1200)]  # more than one lookup query
        assert index.add(many) == set()
        assert index.get(f"id{i}" for i in range(0, 1200, 7)) == {
            f"id{i}": (f"v{i}", "Actor") for i in range(0, 1200, 7)
        }


def test_an_id_given_twice_chunks_apart_is_named_and_nothing_is_written(
    store: Store, small_chunks: None
) -> None:
    at = utcnow()
    ter = build_node(
        NodeKind.TERRITORY, {"id": "ter-dup", "name": "Dup", "created_at": at, "updated_at": at}
    )
    nodes = [
        build_node(
            NodeKind.ACTOR,
            {
                "id": f"ter-dup.a{i}",
                "territory_id": ter.id,
                "name": f"A{i}",
                "sector": "association",
                "created_at": at,
                "updated_at": at,
            },
        )
        for i in range(250)
    ]
    nodes.append(nodes[3])  # nodes[250]: two chunks after the first one
    with pytest.raises(ValidationError) as caught:
        store.bulk_upsert(ter, (n for n in nodes), [], by=BY)
    assert [(p.field, p.value) for p in caught.value.problems] == [("nodes[250].id", "ter-dup.a3")]
    assert "appears twice" in caught.value.problems[0].message
    assert store.get_many(["ter-dup", "ter-dup.a0"]) == {}


def test_a_file_id_given_twice_chunks_apart_is_reported_with_its_row(
    sqlite_store: Store, tmp_path: Path, small_chunks: None
) -> None:
    folder = write_map(tmp_path / "dup", 120)
    with (folder / "actors.csv").open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(["a7", "Again", "association", ""])  # row 122
    with pytest.raises(ImportFileError) as caught:
        import_file(sqlite_store, folder, by=BY)
    assert [(p.sheet, p.line, p.field, p.value) for p in caught.value.problems] == [
        ("actors", 122, "id", "a7")
    ]


def test_an_import_reports_progress_for_its_check_and_its_writes(
    store: Store, tmp_path: Path, small_chunks: None
) -> None:
    actors = 230
    folder = write_map(tmp_path / "map", actors)
    stages: list[tuple[str, int | None, int]] = []
    counts: list[int] = []

    def stage(name: str, total: int | None) -> None:
        stages.append((name, total, sum(counts)))

    report = import_file(store, folder, by=BY, progress=counts.append, stage=stage)
    links = actors - 1
    items = 1 + actors + links  # the territory, every actor and every link are written
    assert [(name, total) for name, total, _ in stages] == [("checking", None), ("writing", items)]
    checked = stages[1][2]
    assert checked == actors + links  # the first pass reads every row and every link
    assert sum(counts) - checked == items
    assert len(counts) > 10  # in steps as it goes, not once at the end
    assert (report.created, report.nodes, report.relationships) == (items - links, actors, links)
    snapshot = store.snapshot(report.territory_id)
    assert len(snapshot.nodes) == actors
    assert sum(r.type is RelType.COLLABORATES_WITH for r in snapshot.relationships) == links


def _peak_of_import(store: Store, folder: Path) -> int:
    gc.collect()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    import_file(store, folder, by=BY)
    return tracemalloc.get_traced_memory()[1] - base


@pytest.mark.slow
def test_an_import_of_more_rows_needs_no_more_memory(
    store: Store, tmp_path: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python memory at the peak of an import, 1,000 vs 5,000 actors (and links): what an
    import keeps per row must be next to nothing. Holding ids in a dict (~300 bytes a row) or
    the driver holding every query's rows (~1 KB a row) would add megabytes.

    Bounded on purpose, and kept out of the figure: the warm-up import fills pydantic's cache
    of short strings (traced from the start, so what replaces its entries nets out); both
    sizes are whole chunks, so what waits for a chunk to fill is the same. Neo4j's chunks are
    bigger here: its driver keeps a small record (~3 KB) of every query until the transaction
    ends, a few per chunk (a few bytes a row at 5,000 a chunk)."""
    monkeypatch.setattr(neo4j_bulk, "BATCH", 1000)
    small, large = write_map(tmp_path / "small", 1000), write_map(tmp_path / "large", 5000)
    tracemalloc.start()
    try:
        import_file(store, write_map(tmp_path / "warm", 4500), by=BY)
        peak_small = _peak_of_import(store, small)
        peak_large = _peak_of_import(store, large)
    finally:
        tracemalloc.stop()
    per_item = (peak_large - peak_small) / (2 * (5000 - 1000))  # an actor and a link a row
    assert per_item < 80, (peak_small, peak_large, per_item)
