"""graph/history.map_at: undoing the changes made after a moment gives the map of that moment.
Snapshots and changes are built by hand; each expected value is the state before the change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pactmap.graph.history import map_at
from pactmap.graph.model import Change, ChangeOp, NodeKind, Relationship, build_node, rel_target
from pactmap.graph.store import Snapshot

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def node(kind: NodeKind, node_id: str, version: int = 1, **fields: Any) -> Any:
    return build_node(
        kind,
        {
            "id": node_id,
            "territory_id": "ter-1",
            "created_at": T0,
            "updated_at": T0,
            "version": version,
            **fields,
        },
    )


TERRITORY = build_node(
    NodeKind.TERRITORY, {"id": "ter-1", "name": "Valbrune", "created_at": T0, "updated_at": T0}
)


def change(seq: int, op: ChangeOp, target: str, before: Any = None, after: Any = None) -> Change:
    return Change(
        seq=seq,
        territory_id="ter-1",
        at=T0,
        by="u-1",
        op=op,
        target=target,
        target_type="x",
        before=before,
        after=after,
    )


def test_undo_create_update_delete_and_links() -> None:
    hall_v1 = node(NodeKind.ACTOR, "act-1", name="Hall", sector="public_authority")
    hall_v2 = node(NodeKind.ACTOR, "act-1", version=2, name="Town hall", sector="public_authority")
    tenants = node(NodeKind.ACTOR, "act-2", name="Tenants", sector="citizen_group")
    energy = node(NodeKind.TOPIC, "top-1", name="Energy", dimension="A")
    works = Relationship(
        type="WORKS_ON", from_id="act-1", to_id="top-1", properties={"intensity": 5}
    )
    works_before = Relationship(
        type="WORKS_ON", from_id="act-1", to_id="top-1", properties={"intensity": 2}
    )
    collab = Relationship(type="COLLABORATES_WITH", from_id="act-1", to_id="act-2")
    # now: hall renamed, tenants created and linked, energy deleted (with its WORKS_ON link,
    # whose intensity had been raised from 2 to 5 before)
    now = Snapshot(territory=TERRITORY, nodes=[hall_v2, tenants], relationships=[collab])
    later = [
        change(10, ChangeOp.UPDATE, "act-1", hall_v1.to_json(), hall_v2.to_json()),
        change(11, ChangeOp.CREATE, "act-2", None, tenants.to_json()),
        change(12, ChangeOp.LINK, rel_target(collab), None, collab.to_json()),
        change(13, ChangeOp.LINK, rel_target(works), works_before.to_json(), works.to_json()),
        change(14, ChangeOp.DELETE, "top-1", energy.to_json(), None),
        change(15, ChangeOp.UNLINK, rel_target(works), works.to_json(), None),
    ]
    then = map_at(now, reversed(later))  # any order: undone by descending seq
    assert then.nodes == [hall_v1, energy]
    assert then.relationships == [works_before]
    assert then.territory == TERRITORY


def test_territory_update_is_undone_and_other_territories_ignored() -> None:
    renamed = TERRITORY.model_copy(update={"name": "Valbrune-sur-Mer", "version": 2})
    now = Snapshot(territory=renamed, nodes=[], relationships=[])
    foreign = change(21, ChangeOp.CREATE, "act-9", None, None).model_copy(
        update={"territory_id": "ter-2"}
    )
    then = map_at(
        now, [change(20, ChangeOp.UPDATE, "ter-1", TERRITORY.to_json(), renamed.to_json()), foreign]
    )
    assert then.territory == TERRITORY


def test_no_later_changes_is_the_same_map() -> None:
    hall = node(NodeKind.ACTOR, "act-1", name="Hall", sector="other")
    now = Snapshot(territory=TERRITORY, nodes=[hall], relationships=[])
    assert map_at(now, []) == now
