"""The domain model's validation (graph/model.py): every rule DESIGN.md and issue 2 name,
with messages that name the field and the value."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pactmap.graph.errors import TransitionError, ValidationError
from pactmap.graph.model import (
    CONTRACT_TRANSITIONS,
    ENDPOINTS,
    NODE_MODELS,
    ContractStatus,
    NodeKind,
    RelType,
    apply_changes,
    build_node,
    build_relationship,
    check_contract_transition,
    check_endpoints,
    is_valid_id,
    new_node,
    parse_kind,
    parse_rel_type,
    search_key,
)

NOW = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)

# The smallest valid fields of each kind (DESIGN.md's table: the fields without defaults).
MINIMAL: dict[NodeKind, dict[str, Any]] = {
    NodeKind.TERRITORY: {"name": "Testville"},
    NodeKind.ACTOR: {"name": "Club", "sector": "association"},
    NodeKind.TOPIC: {"name": "Housing", "dimension": "A"},
    NodeKind.CRITERION: {"text": "A safe home", "question": "wellbeing"},
    NodeKind.INDICATOR: {"name": "Rent burden"},
    NodeKind.MEASUREMENT: {"on": "2024-01-01", "value": 12.5},
    NodeKind.COMMITMENT: {"title": "Renovate"},
    NodeKind.CONTRACT: {"title": "Pact"},
    NodeKind.ACTION: {"title": "Pilot"},
    NodeKind.FUTURE_CONCERN: {"title": "Heatwaves"},
    NodeKind.EVALUATION: {"phase": "ex_ante", "level": 3, "on": "2024-02-02"},
}


def make(kind: NodeKind, /, **fields: Any) -> Any:
    territory = None if kind is NodeKind.TERRITORY else "ter-1"
    return new_node(
        kind, {**MINIMAL[kind], **fields}, node_id="n-1", territory_id=territory, now=NOW
    )


def problems(exc: ValidationError) -> dict[str, Any]:
    return {p.field: p.value for p in exc.problems}


def test_every_kind_has_a_model_and_minimal_fields() -> None:
    assert set(NODE_MODELS) == set(NodeKind) == set(MINIMAL)


@pytest.mark.parametrize("kind", list(NodeKind))
def test_a_minimal_node_is_valid_at_version_1(kind: NodeKind) -> None:
    node = make(kind)
    assert (node.KIND, node.version, node.created_at, node.updated_at) == (kind, 1, NOW, NOW)
    assert node.to_json()["type"] == kind.value


@pytest.mark.parametrize("kind", [k for k in NodeKind if k is not NodeKind.TERRITORY])
def test_required_fields_are_named_when_missing(kind: NodeKind) -> None:
    required = sorted(
        name
        for name, info in NODE_MODELS[kind].model_fields.items()
        if info.is_required() and name not in {"id", "created_at", "updated_at"}
    )
    assert required == sorted(MINIMAL[kind])  # MINIMAL holds exactly the required fields
    with pytest.raises(ValidationError) as caught:
        new_node(kind, {}, node_id="n-1", territory_id="ter-1", now=NOW)
    assert sorted(problems(caught.value)) == required
    assert all(p.message == "is required" for p in caught.value.problems)


def test_every_node_but_a_territory_needs_a_territory() -> None:
    with pytest.raises(ValidationError) as caught:
        new_node(NodeKind.ACTOR, MINIMAL[NodeKind.ACTOR], node_id="a", territory_id=None)
    assert "territory_id is required" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (NodeKind.ACTOR, "sector", "guild"),
        (NodeKind.ACTOR, "scale", "planetary"),
        (NodeKind.TOPIC, "dimension", "J"),
        (NodeKind.CRITERION, "question", "maybe"),
        (NodeKind.CRITERION, "meaning", "beauty"),
        (NodeKind.INDICATOR, "direction", "sideways"),
        (NodeKind.COMMITMENT, "status", "sleeping"),
        (NodeKind.COMMITMENT, "horizon", "forever"),
        (NodeKind.CONTRACT, "status", "torn"),
        (NodeKind.ACTION, "kind", "dream"),
        (NodeKind.EVALUATION, "phase", "mid"),
    ],
)
def test_unknown_enum_values_are_refused_with_field_and_value(
    kind: NodeKind, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make(kind, **{field: value})
    assert problems(caught.value) == {field: value}
    assert f"{field}: " in str(caught.value) and repr(value) in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (NodeKind.ACTOR, "influence"),
        (NodeKind.ACTOR, "interest"),
        (NodeKind.INDICATOR, "target_level"),
        (NodeKind.MEASUREMENT, "level"),
        (NodeKind.EVALUATION, "level"),
    ],
)
def test_levels_run_from_1_to_5(kind: NodeKind, field: str) -> None:
    for ok in (1, 5):
        assert make(kind, **{field: ok}).model_dump()[field] == ok
    for bad in (0, 6, -1):
        with pytest.raises(ValidationError) as caught:
            make(kind, **{field: bad})
        assert problems(caught.value) == {field: bad}


@pytest.mark.parametrize("kind", [NodeKind.COMMITMENT, NodeKind.ACTION])
def test_progress_runs_from_0_to_100(kind: NodeKind) -> None:
    assert make(kind, progress=0).model_dump()["progress"] == 0
    assert make(kind, progress=100).model_dump()["progress"] == 100
    for bad in (-1, 101):
        with pytest.raises(ValidationError) as caught:
            make(kind, progress=bad)
        assert problems(caught.value) == {"progress": bad}


def test_spiral_cycle_runs_from_1_to_3() -> None:
    assert make(NodeKind.TERRITORY, spiral_cycle=3).model_dump()["spiral_cycle"] == 3
    with pytest.raises(ValidationError):
        make(NodeKind.TERRITORY, spiral_cycle=4)


@pytest.mark.parametrize("kind", [NodeKind.COMMITMENT, NodeKind.ACTION])
def test_a_period_cannot_end_before_it_starts(kind: NodeKind) -> None:
    same = make(kind, starts_on="2024-05-01", ends_on="2024-05-01")
    assert same.model_dump()["ends_on"] == date(2024, 5, 1)
    with pytest.raises(ValidationError) as caught:
        make(kind, starts_on="2024-05-01", ends_on="2024-04-30")
    assert "ends_on (2024-04-30) is before starts_on (2024-05-01)" in str(caught.value)


def test_a_contract_cannot_be_reviewed_before_it_is_signed() -> None:
    with pytest.raises(ValidationError) as caught:
        make(NodeKind.CONTRACT, signed_on="2024-05-01", review_on="2024-01-01")
    assert "review_on (2024-01-01) is before signed_on (2024-05-01)" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "field", "limit"),
    [
        (NodeKind.ACTOR, "name", 200),
        (NodeKind.ACTOR, "description", 5000),
        (NodeKind.CRITERION, "text", 1000),
        (NodeKind.INDICATOR, "unit", 50),
        (NodeKind.COMMITMENT, "title", 200),
        (NodeKind.MEASUREMENT, "source", 500),
    ],
)
def test_strings_have_length_limits(kind: NodeKind, field: str, limit: int) -> None:
    assert len(make(kind, **{field: "x" * limit}).model_dump()[field]) == limit
    with pytest.raises(ValidationError) as caught:
        make(kind, **{field: "x" * (limit + 1)})
    assert list(problems(caught.value)) == [field]
    assert f"at most {limit} characters" in str(caught.value)


def test_names_are_stripped_and_may_not_be_blank() -> None:
    assert make(NodeKind.ACTOR, name="  Club  ").label == "Club"
    with pytest.raises(ValidationError) as caught:
        make(NodeKind.ACTOR, name="   ")
    assert list(problems(caught.value)) == ["name"]


def test_component_codes_follow_the_method() -> None:
    assert make(NodeKind.TOPIC, component="A03").model_dump()["component"] == "A03"
    for bad in ("A3", "Z03", "a03", "A003"):
        with pytest.raises(ValidationError) as caught:
            make(NodeKind.TOPIC, component=bad)
        assert problems(caught.value) == {"component": bad}


@pytest.mark.parametrize(
    "forged",
    [
        "x' OR 1=1",
        'x" OR "1"="1',
        "a}) DETACH DELETE n //",
        "a;DROP TABLE nodes",
        "",
        "a b",
        "-a",
        ".a",
        "a/b",
        "a\nb",
        "é",
        "x" * 101,
    ],
)
def test_ids_that_could_be_forged_into_queries_are_refused(forged: str) -> None:
    assert not is_valid_id(forged)
    with pytest.raises(ValidationError) as caught:
        new_node(NodeKind.TERRITORY, {"name": "T"}, node_id=forged, territory_id=None)
    assert problems(caught.value) == {"id": forged}
    with pytest.raises(ValidationError):
        build_relationship("WORKS_ON", forged, "top-1")


@pytest.mark.parametrize("good", ["a", "ter-1f3a", "demo.act-12", "A_b.C-9", "x" * 100])
def test_ordinary_ids_are_accepted(good: str) -> None:
    assert is_valid_id(good)


def test_unknown_fields_and_system_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make(NodeKind.ACTOR, colour="red")
    assert problems(caught.value) == {"colour": "red"}
    for system in ("id", "version", "created_at", "territory_id"):
        with pytest.raises(ValidationError) as sys_caught:
            make(NodeKind.ACTOR, **{system: "x"})
        assert sys_caught.value.field == system


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        make(NodeKind.ACTOR, sector="guild", influence=0, interest=9, size=-1)
    assert problems(caught.value) == {"sector": "guild", "influence": 0, "interest": 9, "size": -1}


def test_build_node_round_trips_json() -> None:
    node = make(NodeKind.COMMITMENT, starts_on="2024-01-01", uses_non_renewable=True)
    data = {k: v for k, v in node.to_json().items() if k != "type"}
    assert build_node(NodeKind.COMMITMENT, data) == node


# ---------------------------------------------------------------- updates


def test_apply_changes_bumps_the_version_and_revalidates() -> None:
    node = make(NodeKind.ACTOR)
    later = datetime(2025, 4, 1, tzinfo=UTC)
    updated = apply_changes(node, {"influence": 5}, now=later)
    assert (updated.version, updated.updated_at, updated.created_at) == (2, later, NOW)
    with pytest.raises(ValidationError) as caught:
        apply_changes(node, {"influence": 6})
    assert problems(caught.value) == {"influence": 6}
    with pytest.raises(ValidationError) as system:
        apply_changes(node, {"version": 9})
    assert system.value.field == "version"


def test_apply_changes_checks_date_order_on_the_whole_node() -> None:
    node = make(NodeKind.COMMITMENT, starts_on="2024-05-01")
    with pytest.raises(ValidationError):
        apply_changes(node, {"ends_on": "2024-01-01"})


# ---------------------------------------------------------------- contract life cycle

ALLOWED = [
    ("draft", "negotiating"),
    ("draft", "closed"),
    ("negotiating", "draft"),
    ("negotiating", "signed"),
    ("negotiating", "closed"),
    ("signed", "active"),
    ("signed", "closed"),
    ("active", "evaluated"),
    ("active", "closed"),
    ("evaluated", "active"),
    ("evaluated", "closed"),
]  # fmt: skip  -- the moves model.CONTRACT_TRANSITIONS documents


def test_the_transition_table_is_the_documented_one() -> None:
    table = {(a.value, b.value) for a, targets in CONTRACT_TRANSITIONS.items() for b in targets}
    assert table == set(ALLOWED)


@pytest.mark.parametrize("old", list(ContractStatus))
@pytest.mark.parametrize("new", list(ContractStatus))
def test_contract_transitions(old: ContractStatus, new: ContractStatus) -> None:
    contract = make(NodeKind.CONTRACT, status=old.value)
    if old == new or (old.value, new.value) in ALLOWED:
        assert apply_changes(contract, {"status": new.value}).model_dump()["status"] == new
    else:
        with pytest.raises(TransitionError) as caught:
            apply_changes(contract, {"status": new.value})
        assert f"from '{old.value}' to '{new.value}'" in str(caught.value)
        assert caught.value.problems[0].value == new.value


def test_a_closed_contract_stays_closed() -> None:
    with pytest.raises(TransitionError) as caught:
        check_contract_transition(ContractStatus.CLOSED, ContractStatus.DRAFT)
    assert "allowed: none" in str(caught.value)


# ---------------------------------------------------------------- relationships


def test_made_goes_from_an_actor_to_a_commitment_never_back() -> None:
    check_endpoints(RelType.MADE, NodeKind.ACTOR, NodeKind.COMMITMENT)
    with pytest.raises(ValidationError) as caught:
        check_endpoints(RelType.MADE, NodeKind.COMMITMENT, NodeKind.ACTOR)
    assert "MADE cannot go from a Commitment to a Actor" in str(caught.value)
    assert "Actor -> Commitment" in str(caught.value)


@pytest.mark.parametrize("rel_type", list(RelType))
def test_every_relationship_type_accepts_only_its_shapes(rel_type: RelType) -> None:
    allowed = ENDPOINTS[rel_type]
    assert allowed, rel_type
    for a in NodeKind:
        for b in NodeKind:
            if (a, b) in allowed:
                check_endpoints(rel_type, a, b)
            else:
                with pytest.raises(ValidationError):
                    check_endpoints(rel_type, a, b)


def test_no_relationship_touches_a_territory() -> None:
    for shapes in ENDPOINTS.values():
        assert all(NodeKind.TERRITORY not in shape for shape in shapes)


def test_relationship_properties_are_validated_by_type() -> None:
    assert build_relationship("WORKS_ON", "a", "b").properties == {"intensity": 3}
    signed = build_relationship("SIGNED", "a", "c", {"role": "partner_author", "on": "2024-01-02"})
    assert signed.properties == {"role": "partner_author", "on": "2024-01-02"}
    cases: list[tuple[str, dict[str, Any], str, Any]] = [
        ("WORKS_ON", {"intensity": 6}, "intensity", 6),
        ("SIGNED", {"role": "witness"}, "role", "witness"),
        ("FUNDS", {"amount": -5}, "amount", -5),
        ("COLLABORATES_WITH", {"since": "yesterday"}, "since", "yesterday"),
        ("MADE", {"weight": 1}, "weight", 1),  # MADE carries no properties
    ]
    for rel_type, props, field, value in cases:
        with pytest.raises(ValidationError) as caught:
            build_relationship(rel_type, "a", "b", props)
        assert problems(caught.value) == {field: value}, rel_type


def test_a_relationship_cannot_join_a_node_to_itself() -> None:
    with pytest.raises(ValidationError) as caught:
        build_relationship("COLLABORATES_WITH", "a", "a")
    assert "cannot join 'a' to itself" in str(caught.value)


def test_relationship_json_is_stable() -> None:
    rel = build_relationship("COLLABORATES_WITH", "a", "b", {"strength": 4})
    assert rel.to_json() == {
        "type": "COLLABORATES_WITH",
        "from": "a",
        "to": "b",
        "properties": {"evidence": "", "since": None, "strength": 4},
    }
    assert rel.key == ("a", "COLLABORATES_WITH", "b")


def test_unknown_kinds_and_types_name_the_value_and_the_choices() -> None:
    with pytest.raises(ValidationError) as kind:
        parse_kind("Person")
    assert "'Person'" in str(kind.value) and "Actor" in str(kind.value)
    with pytest.raises(ValidationError) as rel:
        parse_rel_type("LIKES")
    assert "'LIKES'" in str(rel.value) and "WORKS_ON" in str(rel.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Énergie", "energie"),
        ("ÉCOLE", "ecole"),
        ("Straße", "strasse"),
        ("Ça va", "ca va"),
        ("Ångström", "angstrom"),
        ("plain", "plain"),
    ],
)
def test_search_key_folds_case_and_accents(text: str, key: str) -> None:
    assert search_key(text) == key
