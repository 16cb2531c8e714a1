"""The JSON dump: lossless round trips on every store, and malformed files refused with every
problem named (JSON path and value) while the store stays exactly as it was."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pactmap.graph.errors import ImportFileError, NotFound
from pactmap.graph.interchange.json_dump import (
    dump_territory,
    dumps,
    load_dump,
    read_dump,
    write_dump,
)
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.sqlite import SqliteStore
from pactmap.graph.store import LinkSpec, Store

BY = "cli"


def build_map(store: Store) -> str:
    """A small territory with one node of every kind and relationships with properties."""
    ter = store.create(
        NodeKind.TERRITORY,
        {"name": "Mulhouse-sur-Lac", "country": "FR", "description": "Fictional. Ünïcode ✓"},
        by=BY,
    )
    t = ter.id

    def make(kind: NodeKind, fields: dict[str, Any], *links: LinkSpec) -> str:
        return store.create(kind, fields, by=BY, territory_id=t, links=links).id

    mairie = make(NodeKind.ACTOR, {"name": "Mairie", "sector": "public_authority", "influence": 5})
    parents = make(
        NodeKind.ACTOR,
        {
            "name": "Parents solos",
            "sector": "citizen_group",
            "profile": "single parents",
            "size": 11,
        },
    )
    housing = make(
        NodeKind.TOPIC,
        {"name": "Logement", "dimension": "A", "component": "A03"},
        LinkSpec(RelType.WORKS_ON, mairie, outgoing=False, properties={"intensity": 4}),
    )
    crit = make(
        NodeKind.CRITERION,
        {"text": "Un toit sûr", "question": "wellbeing", "meaning": "sustainability"},
        LinkSpec(RelType.EXPRESSED, parents, outgoing=False),
        LinkSpec(RelType.ABOUT, housing),
    )
    ind = make(
        NodeKind.INDICATOR,
        {"name": "Taux d'effort", "unit": "%", "target_level": 4},
        LinkSpec(RelType.INFORMS, crit, outgoing=False),
        LinkSpec(RelType.MEASURES, housing),
    )
    make(
        NodeKind.MEASUREMENT,
        {"on": "2023-06-30", "value": 0.1 + 0.2, "level": 2},
        LinkSpec(RelType.HAS, ind, outgoing=False),
    )
    fut = make(
        NodeKind.FUTURE_CONCERN,
        {"title": "Climate-proof homes", "horizon_years": 50},
        LinkSpec(RelType.CONCERNS, housing),
    )
    con = make(
        NodeKind.CONTRACT,
        {"title": "Pacte logement", "duration_months": 10},
        LinkSpec(
            RelType.SIGNED,
            mairie,
            outgoing=False,
            properties={"role": "initiator", "on": "2024-02-01"},
        ),
        LinkSpec(RelType.TARGETS, fut),
    )
    com = make(
        NodeKind.COMMITMENT,
        {
            "title": "Rénover 10 logements",
            "starts_on": "2024-01-01",
            "ends_on": "2024-11-01",
            "progress": 30,
        },
        LinkSpec(RelType.MADE, mairie, outgoing=False),
        LinkSpec(RelType.PART_OF, con),
        LinkSpec(RelType.ADDRESSES, ind),
    )
    act = make(
        NodeKind.ACTION,
        {"title": "Pilot block", "kind": "pilot"},
        LinkSpec(RelType.IMPLEMENTS, con),
        LinkSpec(RelType.LEADS, parents, outgoing=False),
    )
    make(
        NodeKind.EVALUATION,
        {"phase": "ex_ante", "level": 2, "on": "2024-01-15"},
        LinkSpec(RelType.GAVE, parents, outgoing=False),
        LinkSpec(RelType.OF, act),
    )
    store.link(
        RelType.COLLABORATES_WITH,
        mairie,
        parents,
        {"since": "2019-09-01", "strength": 2, "evidence": "«forum»"},
        by=BY,
    )
    store.link(RelType.FUNDS, mairie, parents, {"amount": 1234.5}, by=BY)
    store.update(com, {"progress": 60}, expected_version=1, by=BY)
    return t


def test_export_import_export_gives_identical_bytes(store: Store, tmp_path: Path) -> None:
    tid = build_map(store)
    doc = dump_territory(store, tid)
    assert set(doc) == {"format", "version", "territory", "nodes", "relationships"}  # no time
    assert (doc["format"], doc["version"]) == ("pactmap-dump", 1)
    assert len(doc["nodes"]) == 11  # one per kind below Territory
    assert [n["id"] for n in doc["nodes"]] == sorted(n["id"] for n in doc["nodes"])
    keys = [(r["from"], r["type"], r["to"]) for r in doc["relationships"]]
    assert keys == sorted(keys) and len(keys) == 18
    first = tmp_path / "a.json"
    write_dump(first, doc)

    empty = SqliteStore(tmp_path / "empty.db")
    try:
        assert load_dump(empty, first, by=BY) == tid
        second = tmp_path / "b.json"
        write_dump(second, dump_territory(empty, tid))
    finally:
        empty.close()
    assert second.read_bytes() == first.read_bytes()

    # and back into the store under test, after deleting the original
    store.delete(tid, expected_version=None, by=BY)
    calls: list[int] = []
    assert load_dump(store, second, by=BY, progress=calls.append) == tid
    assert sum(calls) == 1 + 11 + 18
    assert dumps(dump_territory(store, tid)) == first.read_text(encoding="utf-8")


def test_the_file_is_sorted_indented_utf8_with_a_final_newline(
    store: Store, tmp_path: Path
) -> None:
    tid = build_map(store)
    path = tmp_path / "dump.json"
    write_dump(path, dump_territory(store, tid))
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "Ünïcode ✓" in text  # not \u-escaped
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_importing_the_same_dump_twice_changes_nothing(store: Store) -> None:
    tid = build_map(store)
    doc = dump_territory(store, tid)
    count = store.count_changes(tid)
    load_dump(store, doc, by=BY)
    assert store.count_changes(tid) == count
    assert dump_territory(store, tid) == doc


def test_dump_of_a_missing_territory_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        dump_territory(store, "ter-missing")


# ---------------------------------------------------------------- malformed files


def _doc(store: Store) -> tuple[str, dict[str, Any]]:
    tid = build_map(store)
    return tid, dump_territory(store, tid)


def _index(doc: dict[str, Any], type_: str) -> int:
    return next(i for i, n in enumerate(doc["nodes"]) if n["type"] == type_)


def _problems(exc: ImportFileError) -> set[tuple[str, Any]]:
    """(where, value) of each problem; a whole-object value (a dict) counts as None."""
    return {(p.field, None if isinstance(p.value, dict) else p.value) for p in exc.problems}


def _refused(store: Store, tid: str, doc: Any) -> ImportFileError:
    """Load ``doc`` expecting a refusal, and check the store did not move."""
    before = (store.snapshot(tid), store.count_changes(tid))
    territories = store.list_nodes(NodeKind.TERRITORY, None).total_count
    with pytest.raises(ImportFileError) as caught:
        load_dump(store, doc, by=BY)
    assert (store.snapshot(tid), store.count_changes(tid)) == before
    assert store.list_nodes(NodeKind.TERRITORY, None).total_count == territories
    return caught.value


def test_every_problem_is_named_with_its_path_and_value(store: Store) -> None:
    tid, doc = _doc(store)
    bad = copy.deepcopy(doc)
    actor = _index(bad, "Actor")
    measurement = _index(bad, "Measurement")
    bad["nodes"][actor]["influence"] = 9
    bad["nodes"][actor]["sector"] = "guild"
    bad["nodes"][measurement]["level"] = 0
    bad["relationships"][2]["to"] = "ghost-node"
    bad["relationships"][3]["properties"] = {"colour": "red"}
    error = _refused(store, tid, bad)
    assert _problems(error) == {
        (f"nodes[{actor}].influence", 9),
        (f"nodes[{actor}].sector", "guild"),
        (f"nodes[{measurement}].level", 0),
        ("relationships[2].to", "ghost-node"),
        ("relationships[3].colour", "red"),
    }
    assert f"nodes[{actor}].influence" in str(error) and "9" in str(error)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("format", {("format", "kumu")}),
        ("version", {("version", 7)}),
        ("extra_key", {("exported_at", None)}),
        ("nodes_not_list", {("nodes", "many")}),
        ("unknown_type", {("nodes[0].type", "Person")}),
        ("territory_kind", {("territory.type", "Actor")}),
        ("nested_territory", {("nodes[0].type", "Territory")}),
        ("forged_id", {("nodes[0].id", "x' OR 1=1")}),
        ("duplicate_id", {("nodes[1].id", "SAME")}),
        ("other_territory", {("nodes[0].territory_id", "ter-elsewhere")}),
        ("reverse_made", {("relationships[0].type", "MADE")}),
        ("unknown_rel", {("relationships[0].type", "LIKES")}),
        ("missing_from", {("relationships[0].from", None)}),
        ("dup_rel", {("relationships[1]", "REL")}),
        ("ends_before", {("nodes[0].(node)", None)}),
    ],
)
def test_malformed_documents_are_refused(
    store: Store, case: str, expected: set[tuple[str, Any]]
) -> None:
    tid, doc = _doc(store)
    bad = copy.deepcopy(doc)
    nodes, rels = bad["nodes"], bad["relationships"]
    made = next(i for i, r in enumerate(rels) if r["type"] == "MADE")
    if case == "format":
        bad["format"] = "kumu"
    elif case == "version":
        bad["version"] = 7
    elif case == "extra_key":
        bad["exported_at"] = "2024-01-01T00:00:00Z"
    elif case == "nodes_not_list":
        bad["nodes"] = "many"
    elif case == "unknown_type":
        nodes[0]["type"] = "Person"
    elif case == "territory_kind":
        bad["territory"]["type"] = "Actor"
    elif case == "nested_territory":
        nodes.append({**bad["territory"], "id": "ter-inner"})
        expected = {(f"nodes[{len(nodes) - 1}].type", "Territory")}
    elif case == "forged_id":
        old = nodes[0]["id"]
        nodes[0]["id"] = "x' OR 1=1"
        bad["relationships"] = [r for r in rels if old not in (r["from"], r["to"])]
    elif case == "duplicate_id":
        for i in (0, 1):
            old = nodes[i]["id"]
            nodes[i]["id"] = "SAME"
            bad["relationships"] = [
                r for r in bad["relationships"] if old not in (r["from"], r["to"])
            ]
        expected = {("nodes[1].id", "SAME")}
    elif case == "other_territory":
        nodes[0]["territory_id"] = "ter-elsewhere"
    elif case == "reverse_made":
        rels[made]["from"], rels[made]["to"] = rels[made]["to"], rels[made]["from"]
        bad["relationships"] = [rels[made]]
    elif case == "unknown_rel":
        bad["relationships"] = [{**rels[0], "type": "LIKES"}]
    elif case == "missing_from":
        bad["relationships"] = [{k: v for k, v in rels[0].items() if k != "from"}]
    elif case == "dup_rel":
        bad["relationships"] = [rels[0], rels[0]]
        expected = {
            ("relationships[1]", "|".join((rels[0]["from"], rels[0]["type"], rels[0]["to"])))
        }
    elif case == "ends_before":
        i = _index(bad, "Commitment")
        bad["nodes"] = [nodes[i]]
        bad["nodes"][0]["ends_on"] = "2023-01-01"
        bad["relationships"] = []
        expected = {("nodes[0].(node)", None)}
    error = _refused(store, tid, bad)
    got = _problems(error)
    if case == "ends_before":
        assert {f for f, _ in got} == {"nodes[0].(node)"}
        assert "ends_on (2023-01-01) is before starts_on (2024-01-01)" in str(error)
    else:
        assert got == expected, case


def test_a_file_that_is_not_json_names_the_line(store: Store, tmp_path: Path) -> None:
    tid, doc = _doc(store)
    path = tmp_path / "broken.json"
    text = dumps(doc)
    lines = text.splitlines()
    lines[5] = lines[5] + ",,"
    path.write_text("\n".join(lines), encoding="utf-8")
    error = _refused(store, tid, path)
    assert error.problems[0].line == 6
    assert str(error).startswith("line 6: ")


def test_unreadable_files_are_refused_clearly(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"name": "Montréal"}'.encode("latin-1"))
    with pytest.raises(ImportFileError) as caught:
        read_dump(latin)
    assert "UTF-8" in str(caught.value)
    with pytest.raises(ImportFileError) as missing:
        read_dump(tmp_path / "nope.json")
    assert "nope.json" in str(missing.value)


def test_a_document_that_is_not_an_object_is_refused(store: Store) -> None:
    tid, _ = _doc(store)
    error = _refused(store, tid, [1, 2, 3])
    assert "JSON object" in str(error)
