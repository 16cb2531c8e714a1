"""gap_violations: the check the demo and generator tests rely on must itself catch each case."""

from __future__ import annotations

from pactmap.graph.model import Relationship, RelType, build_relationship
from pactmap.seeds.common import gap_violations, level_of


def _r(t: RelType, a: str, b: str) -> Relationship:
    return build_relationship(t, a, b)


BASE = [_r(RelType.WORKS_ON, "a", "t"), _r(RelType.WORKS_ON, "b", "t")]


def test_two_untied_actors_on_one_topic_are_a_gap() -> None:
    assert gap_violations(("a", "b"), ("t",), BASE) == []


def test_any_direct_tie_in_either_direction_is_reported() -> None:
    for rel_type in (RelType.COLLABORATES_WITH, RelType.FUNDS, RelType.MEMBER_OF):
        problems = gap_violations(("a", "b"), ("t",), [*BASE, _r(rel_type, "b", "a")])
        assert problems == [f"'b' and 'a' are tied by {rel_type}"]


def test_a_joint_commitment_is_reported() -> None:
    rels = [*BASE, _r(RelType.MADE, "a", "c1"), _r(RelType.MADE, "b", "c1")]
    assert gap_violations(("a", "b"), ("t",), rels) == [
        "['a', 'b'] made the commitment 'c1' together"
    ]


def test_a_shared_contract_by_signature_or_by_commitments_is_reported() -> None:
    signed = [*BASE, _r(RelType.SIGNED, "a", "k"), _r(RelType.SIGNED, "b", "k")]
    assert gap_violations(("a", "b"), ("t",), signed) == [
        "'a' and 'b' are parties to the contract(s) ['k']"
    ]
    committed = [
        *BASE,
        _r(RelType.MADE, "a", "c1"),
        _r(RelType.PART_OF, "c1", "k"),
        _r(RelType.MADE, "b", "c2"),
        _r(RelType.PART_OF, "c2", "k"),
    ]
    assert gap_violations(("a", "b"), ("t",), committed) == [
        "'a' and 'b' are parties to the contract(s) ['k']"
    ]


def test_an_actor_not_on_the_topics_is_reported() -> None:
    assert gap_violations(("a", "b", "x"), ("t",), BASE) == ["'x' works on none of ['t']"]


def test_levels_follow_the_cut_offs_in_both_directions() -> None:
    # cut-offs between levels 5|4, 4|3, 3|2, 2|1
    cuts = (4.0, 7.0, 10.0, 14.0)
    lower = [level_of(v, cuts, "lower_is_better") for v in (3, 4, 6, 9, 12, 14.2)]
    assert lower == [5, 5, 4, 3, 2, 1]
    up = (80.0, 60.0, 45.0, 30.0)
    higher = [level_of(v, up, "higher_is_better") for v in (90, 80, 59, 45, 31, 10)]
    assert higher == [5, 5, 3, 3, 2, 1]


def test_seeds_depend_only_on_the_graph_layer() -> None:
    # TEAM.md: seeds -> graph; no module outside graph/ imports neo4j or sqlite3
    import ast
    from pathlib import Path

    import pactmap.seeds

    forbidden = ("sqlite3", "neo4j", "strawberry", "pactmap.api", "pactmap.analysis")
    for path in Path(pactmap.seeds.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
