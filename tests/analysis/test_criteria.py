"""The criteria synthesis: what each group stressed, what nobody raised, minorities kept."""

from __future__ import annotations

from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.criteria import STRESSED_SHARE, classification, criteria_synthesis
from pactmap.graph.model import NodeKind

from .builders import MapBuilder


def _workshop() -> MapBuilder:
    """Two groups: parents (3 criteria on A, 1 on D), elderly (2 on A, 1 on G, 1 unclassified)."""
    m = MapBuilder()
    m.actor("parents", "citizen_group", "Single parents")
    m.actor("elderly", "citizen_group", "Retired people")
    notes = [
        ("p1", "parents", "Trouver un emploi", "illbeing", {"dimension": "A", "code": "A06"}),
        ("p2", "parents", "Un logement chaud", "wellbeing", {"code": "A03"}),
        ("p3", "parents", "La cantine", "wellbeing", {"dimension": "A", "code": "A01"}),
        ("p4", "parents", "Des amis", "wellbeing", {"dimension": "D"}),
        ("e1", "elderly", "Le logement", "illbeing", {"dimension": "A", "code": "A03"}),
        ("e2", "elderly", "Manger", "wellbeing", {"dimension": "A", "code": "A01"}),
        ("e3", "elderly", "La peur", "illbeing", {"dimension": "G"}),
        ("e4", "elderly", "Je rends service", "action", {}),
    ]
    for node_id, group, text, question, fields in notes:
        m.node(NodeKind.CRITERION, node_id, text=text, question=question, **fields)
        m.link("EXPRESSED", group, node_id)
    m.node(NodeKind.CRITERION, "lone", text="Nobody's", question="wellbeing", dimension="B")
    return m


def test_each_group_counts_its_dimensions_and_shares() -> None:
    result = criteria_synthesis(snapshot_to_graph(_workshop().snapshot()))
    by_group = {g.group.id: g for g in result.groups}
    parents = by_group["parents"]
    # p1-p3 are A (p2 through its code A03), p4 is D: 3/4 and 1/4 of 4 classified
    assert [(d.dimension, d.count, d.share) for d in parents.dimensions] == [
        ("A", 3, 0.75),
        ("D", 1, 0.25),
    ]
    assert parents.total == 4 and parents.classified == 4
    assert parents.questions == {"illbeing": 1, "wellbeing": 3}
    elderly = by_group["elderly"]
    # e4 has no classification: 3 classified, A 2/3, G 1/3
    assert elderly.total == 4 and elderly.classified == 3
    assert [(d.dimension, d.count) for d in elderly.dimensions] == [("A", 2), ("G", 1)]
    # 1/4 and 1/3 are both at least STRESSED_SHARE (0.2)
    assert STRESSED_SHARE <= 0.25
    assert parents.stressed == ("A", "D") and elderly.stressed == ("A", "G")
    # groups come by name: "Retired people" before "Single parents"
    assert [g.group.name for g in result.groups] == ["Retired people", "Single parents"]


def test_unraised_dimensions_and_minorities_stay_visible() -> None:
    result = criteria_synthesis(snapshot_to_graph(_workshop().snapshot()))
    # groups raised A, D, G; "lone" (B) belongs to no group, so B counts as unraised
    assert result.unraised == ("B", "C", "E", "F", "H", "I")
    minorities = [
        (m.kind, m.code, m.group.id, [c.name for c in m.criteria]) for m in result.minorities
    ]
    # D only by parents, G only by elderly; A06 only by parents; A01 and A03 by both
    assert minorities == [
        ("dimension", "D", "parents", ["Des amis"]),
        ("dimension", "G", "elderly", ["La peur"]),
        ("component", "A06", "parents", ["Trouver un emploi"]),
    ]
    assert [c.id for c in result.unclassified] == ["e4"]
    assert [c.id for c in result.ungrouped] == ["lone"]
    assert result.total == 9


def test_a_criterion_without_own_classification_takes_its_topic() -> None:
    m = MapBuilder()
    m.node(NodeKind.TOPIC, "t", name="Mobility", dimension="A", component="A07")
    m.node(NodeKind.CRITERION, "c", text="Le bus", question="illbeing")
    m.link("ABOUT", "c", "t")
    assert classification(snapshot_to_graph(m.snapshot()), "c") == ("A", "A07")


def test_json_names() -> None:
    data = criteria_synthesis(snapshot_to_graph(_workshop().snapshot())).to_json()
    assert set(data) == {"total", "groups", "unraised", "minorities", "unclassified", "ungrouped"}
    assert data["groups"][0]["dimensions"][0] == {"dimension": "A", "count": 2, "share": 0.666667}
