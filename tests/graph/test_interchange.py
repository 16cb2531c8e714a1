"""File formats: every format round-trips what it can hold and says what it cannot;
imports check every row before writing anything."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from pactmap.graph.errors import ImportFileError
from pactmap.graph.interchange.formats import (
    FORMATS,
    export_file,
    guess_format,
    import_file,
    write_template,
)
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.store import Store

BY = "test"


def small_territory(store: Store) -> str:
    """Three actors, two topics, an indicator with measurements, a commitment in a contract."""
    t = store.create(NodeKind.TERRITORY, {"name": "Lormont-sur-Brume", "country": "FR"}, by=BY)
    tid = t.id

    def node(node_kind: NodeKind, **fields: Any) -> str:
        return store.create(node_kind, fields, by=BY, territory_id=tid).id

    hall = node(NodeKind.ACTOR, name="Town hall", sector="public_authority", influence=5)
    tenants = node(
        NodeKind.ACTOR,
        name="Tenants of Les Tilleuls",
        sector="citizen_group",
        size=12,
        profile="tenants of a social housing estate",
    )
    energy = node(NodeKind.ACTOR, name="Énergie Conseil", sector="association")
    heat = node(NodeKind.TOPIC, name="Energy poverty", dimension="A", component="A09")
    housing = node(NodeKind.TOPIC, name="Housing", dimension="A", component="A03")
    cold = node(
        NodeKind.INDICATOR,
        name="Households that cannot heat their home",
        unit="%",
        direction="lower_is_better",
        level_1="more than 20%",
        level_5="under 2%",
    )
    m1 = node(NodeKind.MEASUREMENT, on="2023-01-01", value=11.5, level=2, source="survey")
    m2 = node(NodeKind.MEASUREMENT, on="2024-01-01", value=13.0, level=2)
    pledge = node(
        NodeKind.COMMITMENT,
        title="Insulate 40 flats",
        status="active",
        starts_on="2024-03-01",
        ends_on="2025-03-01",
        progress=35,
        horizon="long",
    )
    pact = node(
        NodeKind.CONTRACT,
        title="Warm homes pact",
        status="negotiating",
        objective="No household cold in winter",
        duration_months=10,
    )
    pilot = node(
        NodeKind.ACTION, title="Thermal camera walks", kind="plan", status="ongoing", progress=20
    )
    future = node(NodeKind.FUTURE_CONCERN, title="Homes warm without fossil fuel", horizon_years=25)
    said = node(
        NodeKind.CRITERION,
        text="Being cold at home makes us ill",
        question="illbeing",
        dimension="A",
        code="A03",
        meaning="quality",
    )
    grade = node(NodeKind.EVALUATION, phase="ex_ante", level=2, on="2024-02-15", comment="cold")
    links = [
        (RelType.IMPLEMENTS, pilot, pact, {}),
        (RelType.LEADS, energy, pilot, {}),
        (RelType.TARGETS, pilot, cold, {}),
        (RelType.CONCERNS, future, heat, {}),
        (RelType.EXPRESSED, tenants, said, {}),
        (RelType.ABOUT, said, heat, {}),
        (RelType.GAVE, tenants, grade, {}),
        (RelType.OF, grade, pact, {}),
        (RelType.WORKS_ON, hall, housing, {"intensity": 4}),
        (RelType.WORKS_ON, tenants, heat, {"intensity": 5}),
        (RelType.WORKS_ON, energy, heat, {}),
        (RelType.COLLABORATES_WITH, hall, energy, {"since": "2021-05-01", "evidence": "forum"}),
        (RelType.HAS, cold, m1, {}),
        (RelType.HAS, cold, m2, {}),
        (RelType.MEASURES, cold, heat, {}),
        (RelType.MADE, hall, pledge, {}),
        (RelType.PART_OF, pledge, pact, {}),
        (RelType.ADDRESSES, pledge, cold, {}),
        (RelType.SIGNED, tenants, pact, {"role": "partner_author", "on": "2024-02-01"}),
        (RelType.TARGETS, pact, cold, {}),
    ]
    for rel_type, a, b, props in links:
        store.link(rel_type, a, b, props, by=BY)
    return tid


def shape(store: Store, tid: str) -> tuple[set[Any], set[Any]]:
    """A map as comparable sets: nodes by (kind, fields), relationships by labels of their ends."""
    snap = store.snapshot(tid)
    labels = {n.id: (n.KIND.value, n.label) for n in snap.nodes}
    nodes = {(n.KIND.value, json.dumps(n.fields(), sort_keys=True)) for n in snap.nodes}
    rels = {
        (r.type.value, labels[r.from_id], labels[r.to_id], json.dumps(r.properties, sort_keys=True))
        for r in snap.relationships
    }
    return nodes, rels


def target(fmt: str, tmp_path: Path) -> Path:
    return (
        tmp_path
        / {
            "json": "map.json",
            "csv": "map.zip",
            "xlsx": "map.xlsx",
            "graphml": "map.graphml",
            "gexf": "map.gexf",
            "kumu": "map.kumu",
        }[fmt]
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips_the_map(fmt: str, sqlite_store: Store, tmp_path: Path) -> None:
    from pactmap.graph.sqlite import SqliteStore

    tid = small_territory(sqlite_store)
    path = target(fmt, tmp_path)
    report = export_file(sqlite_store, tid, fmt, path)
    fresh = SqliteStore(tmp_path / "fresh.db")
    try:
        imported = import_file(fresh, path, fmt=fmt, by=BY)
        assert shape(fresh, imported.territory_id) == shape(sqlite_store, tid)
        if fmt in ("csv", "xlsx"):
            # what spreadsheets cannot hold is said, not silently lost
            assert any("version" in d for d in report.dropped)
        if fmt in ("json", "graphml", "gexf", "kumu"):
            before = {n.id.split(".")[-1]: n.version for n in sqlite_store.snapshot(tid).nodes}
            after = {
                n.id.split(".")[-1]: n.version for n in fresh.snapshot(imported.territory_id).nodes
            }
            assert after == before  # these formats keep versions too
    finally:
        fresh.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "graphml", "gexf", "kumu"])
def test_reimporting_into_the_same_territory_changes_nothing(
    fmt: str, sqlite_store: Store, tmp_path: Path
) -> None:
    tid = small_territory(sqlite_store)
    path = target(fmt, tmp_path)
    export_file(sqlite_store, tid, fmt, path)
    first = import_file(sqlite_store, path, fmt=fmt, by=BY)
    before = sqlite_store.snapshot(first.territory_id)
    again = import_file(sqlite_store, path, fmt=fmt, territory_id=first.territory_id, by=BY)
    assert again.territory_id == first.territory_id
    assert again.created == 0
    assert sqlite_store.snapshot(first.territory_id) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "graphml", "gexf", "kumu"])
def test_an_export_imported_back_into_its_own_territory_changes_nothing(
    fmt: str, sqlite_store: Store, tmp_path: Path
) -> None:
    tid = small_territory(sqlite_store)  # ids as the store makes them (act-..., top-...)
    before = sqlite_store.snapshot(tid)
    changes = sqlite_store.count_changes(tid)
    path = target(fmt, tmp_path)
    export_file(sqlite_store, tid, fmt, path)
    report = import_file(sqlite_store, path, fmt=fmt, territory_id=tid, by=BY)
    assert (report.created, report.updated) == (0, 0)
    assert sqlite_store.snapshot(tid) == before  # the same nodes, not a second copy of them
    assert sqlite_store.count_changes(tid) == changes


def test_an_import_onto_stored_nodes_is_an_edit_with_a_new_version(
    sqlite_store: Store, tmp_path: Path
) -> None:
    tid = small_territory(sqlite_store)
    path = target("graphml", tmp_path)
    export_file(sqlite_store, tid, "graphml", path)
    hall = next(n for n in sqlite_store.snapshot(tid).nodes if n.label == "Town hall")
    edited = sqlite_store.update(hall.id, {"influence": 2}, expected_version=hall.version, by=BY)
    import_file(sqlite_store, path, fmt="graphml", territory_id=tid, by=BY)
    now = sqlite_store.get(hall.id)
    assert now.fields()["influence"] == 5  # the file's value wins, as any later edit would
    assert now.version == edited.version + 1  # never back to the file's older version


def write_sheet(path: Path, rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_a_malformed_workbook_reports_every_bad_row_and_writes_nothing(
    sqlite_store: Store, tmp_path: Path
) -> None:
    tid = small_territory(sqlite_store)
    before = sqlite_store.snapshot(tid)
    folder = tmp_path / "workbook"
    folder.mkdir()
    write_sheet(
        folder / "actors.csv",
        [
            ["id", "name", "sector", "founded"],  # row 1: no such column, said once
            ["a1", "Maison des jeunes", "association", "1968"],
            ["a2", "Red Cross", "NGO", ""],  # row 3: not a sector of the model
            ["a3", "", "public_service", ""],  # row 4: no name, so its id names it (allowed)
            ["a4", "Bakery", "private_company", "1990"],
            ["", "", "association", ""],  # row 6: neither id nor name
        ],
    )
    write_sheet(
        folder / "commitments.csv",
        [
            ["id", "title", "starts_on", "ends_on", "progress"],
            ["c1", "Open late", "2024-13-01", "", "10"],  # row 2: no 13th month
            ["c2", "Train 5 youths", "2024-05-01", "2024-01-01", "20"],  # row 3: ends before start
            ["c3", "Half done", "", "", "150"],  # row 4: progress over 100
        ],
    )
    write_sheet(
        folder / "relationships.csv",
        [
            ["from", "type", "to", "intensity"],
            ["a1", "MADE", "c1", ""],
            ["c1", "MADE", "a1", ""],  # row 3: MADE goes Actor -> Commitment
            ["a1", "WORKS_ON", "nowhere", ""],  # row 4: dangling end
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        import_file(sqlite_store, folder, territory_id=tid, by=BY)
    found = {(p.sheet, p.line, p.field) for p in caught.value.problems}
    assert [p.line for p in caught.value.problems if p.field == "founded"] == [1]
    assert ("actors", 3, "sector") in found
    assert ("actors", 6, "name") in found
    assert not any(p.line == 4 and p.sheet == "actors" for p in caught.value.problems)
    assert ("commitments", 2, "starts_on") in found
    assert ("commitments", 3, "(node)") in found or ("commitments", 3, "ends_on") in found
    assert ("commitments", 4, "progress") in found
    assert ("relationships", 3, "type") in found
    assert ("relationships", 4, "to") in found
    assert "NGO" in str(caught.value)  # the message names the value
    assert sqlite_store.snapshot(tid) == before


def test_a_lone_csv_is_the_sheet_its_name_names(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    write_sheet(
        path, [["name", "sector"], ["Food bank", "association"], ["Mairie", "public_authority"]]
    )
    report = import_file(sqlite_store, path, by=BY)
    actors = sqlite_store.snapshot(report.territory_id).by_kind(NodeKind.ACTOR)
    assert sorted(a.label for a in actors) == ["Food bank", "Mairie"]


def test_a_graphml_file_written_by_networkx_is_imported(
    sqlite_store: Store, tmp_path: Path
) -> None:
    g = nx.Graph()
    g.add_node("hall", type="Actor", name="Town hall", sector="public_authority", x=1.5)
    g.add_node("youth")  # no type: an Actor named after its id
    g.add_node("jobs", type="Topic", label="Youth employment", dimension="A")
    g.add_edge("hall", "youth")  # untyped tie between actors: a collaboration
    g.add_edge("hall", "jobs", label="WORKS_ON", intensity=4)
    path = tmp_path / "from-networkx.graphml"
    nx.write_graphml(g, path)
    assert guess_format(path) == "graphml"
    report = import_file(sqlite_store, path, by=BY)
    snap = sqlite_store.snapshot(report.territory_id)
    kinds = {n.label: n.KIND for n in snap.nodes}
    assert kinds == {
        "Town hall": NodeKind.ACTOR,
        "youth": NodeKind.ACTOR,
        "Youth employment": NodeKind.TOPIC,
    }
    youth = next(n for n in snap.nodes if n.label == "youth")
    assert youth.fields()["sector"] == "other"
    types = sorted((r.type.value, r.properties.get("intensity")) for r in snap.relationships)
    assert ("WORKS_ON", 4) in types
    assert any(t == "COLLABORATES_WITH" for t, _ in types)
    assert any("x" in d for d in report.dropped)  # the layout attribute is named as dropped


def test_a_kumu_blueprint_is_imported(sqlite_store: Store, tmp_path: Path) -> None:
    blueprint = {
        "elements": [
            {"label": "Social landlord", "type": "Organization", "description": "HLM"},
            {"label": "Tenants' union", "type": "Actor", "sector": "citizen_group"},
            {"label": "Energy poverty", "type": "Issue", "component": "A09", "tags": ["winter"]},
            {"label": "Loose note"},
        ],
        "connections": [
            {"from": "Social landlord", "to": "Energy poverty", "type": "works on"},
            {"from": "Tenants' union", "to": "Energy poverty"},
            {
                "from": "Social landlord",
                "to": "Tenants' union",
                "type": "partner",
                "direction": "mutual",
            },
        ],
    }
    path = tmp_path / "blueprint.json"
    path.write_text(json.dumps(blueprint), encoding="utf-8")
    assert guess_format(path) == "kumu"
    report = import_file(sqlite_store, path, by=BY)
    snap = sqlite_store.snapshot(report.territory_id)
    by_label = {n.label: n for n in snap.nodes}
    assert by_label["Energy poverty"].KIND is NodeKind.TOPIC
    assert by_label["Social landlord"].KIND is NodeKind.ACTOR
    assert by_label["Tenants' union"].fields()["sector"] == "citizen_group"
    assert by_label["Loose note"].KIND is NodeKind.ACTOR
    rels = {
        (r.type.value, snap_label(snap, r.from_id), snap_label(snap, r.to_id))
        for r in snap.relationships
    }
    assert rels == {
        ("WORKS_ON", "Social landlord", "Energy poverty"),
        ("WORKS_ON", "Tenants' union", "Energy poverty"),
        ("COLLABORATES_WITH", "Social landlord", "Tenants' union"),
    }
    assert any("tags" in d for d in report.dropped)


def snap_label(snap: Any, node_id: str) -> str:
    return next(n.label for n in snap.nodes if n.id == node_id)


def test_the_template_documents_every_sheet(tmp_path: Path) -> None:
    write_template(tmp_path / "template.zip")
    with zipfile.ZipFile(tmp_path / "template.zip") as archive:
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode()
    assert {
        "actors.csv",
        "topics.csv",
        "commitments.csv",
        "contracts.csv",
        "indicators.csv",
        "measurements.csv",
        "criteria.csv",
        "relationships.csv",
    } <= names
    assert "public_authority" in readme and "citizen_group" in readme
    write_template(tmp_path / "template.xlsx")
    assert (tmp_path / "template.xlsx").stat().st_size > 0
