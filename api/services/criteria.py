"""Citizens' criteria on a store: a group's answers in bulk, their classification, and the
indicators built from them; with the criteria synthesis. Each write is one store transaction;
the pure work is in :mod:`pactmap.analysis.criteria` and the taxonomy in
:mod:`pactmap.graph.taxonomy`. Facilitators record and classify; coordinators build indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.criteria import CriteriaSynthesis, criteria_synthesis
from pactmap.graph.errors import Denied, NotFound, Problem, ValidationError
from pactmap.graph.model import (
    ROLE_RANK,
    Node,
    NodeKind,
    RelType,
    Role,
    build_relationship,
    new_node,
)
from pactmap.graph.store import ID_PREFIX, LinkSpec, Store, new_id
from pactmap.graph.taxonomy import components, suggest_components

from ..auth import Caller, Permission
from .edits import readable_of_kind
from .territories import require, territory

MAX_CRITERIA = 2000
"""The most criteria one ``record_criteria`` call takes (a big workshop types in ~400)."""


def _of_kind(store: Store, territory_id: str, node_id: str, kind: NodeKind) -> Node:
    """The node if it is a ``kind`` of the territory; one NotFound for missing, of another
    kind, or in another territory, so that the answer says nothing of other territories."""
    node = store.get_many([node_id]).get(node_id)
    if node is None or node.KIND is not kind or node.territory_id != territory_id:
        raise NotFound(kind.value, node_id)
    return node


def _classified(note: Mapping[str, Any], apply_suggestion: bool) -> dict[str, Any]:
    fields = {k: v for k, v in note.items() if v is not None}
    code = fields.get("code") or ""
    if not code and not fields.get("dimension") and apply_suggestion:
        best = suggest_components(str(fields.get("text", "")), limit=1)
        code = best[0][0] if best else ""
        if code:
            fields["code"] = code
    if code and not fields.get("dimension"):
        fields["dimension"] = code[0]
    return fields


def _group(
    store: Store,
    territory_id: str,
    group_id: str | None,
    new_group: Mapping[str, Any] | None,
    problems: list[Problem],
) -> tuple[Node | None, bool]:
    """The group expressing the criteria (existing, or new and not yet written)."""
    if (group_id is None) == (new_group is None):
        raise ValidationError(
            "name the group: either the id of an existing one or a new group, not both",
            field="group_id",
        )
    if group_id is not None:
        return _of_kind(store, territory_id, group_id, NodeKind.ACTOR), False
    fields = {
        "sector": "citizen_group",
        **{k: v for k, v in (new_group or {}).items() if v is not None},
    }
    try:
        node = new_node(
            NodeKind.ACTOR,
            fields,
            node_id=new_id(ID_PREFIX[NodeKind.ACTOR]),
            territory_id=territory_id,
        )
    except ValidationError as exc:
        problems.extend(Problem(f"newGroup.{p.field}", p.message, p.value) for p in exc.problems)
        return None, True
    return node, True


def require_facilitator(store: Store, caller: Caller, territory_id: str) -> None:
    """Facilitators and above (the one typing in a workshop's notes), not viewers."""
    require(store, caller, territory_id, Permission.READ)
    if caller.local:
        return
    role = caller.role_on(territory_id)
    if role is None or ROLE_RANK[role] < ROLE_RANK[Role.FACILITATOR]:
        raise Denied(f"a {role} may not record or classify criteria on '{territory_id}'")


def record_criteria(
    store: Store,
    caller: Caller,
    territory_id: str,
    group_id: str | None,
    notes: Sequence[Mapping[str, Any]],
    *,
    new_group: Mapping[str, Any] | None = None,
    apply_suggestions: bool = False,
) -> tuple[Node, list[Node]]:
    """Create a group's criteria, each EXPRESSED by the group, in one transaction.

    The group is ``group_id`` (an actor of the territory) or ``new_group`` (the fields of a
    new actor, a citizen group unless it says otherwise), created in the same transaction.
    ``notes`` hold Criterion fields (text, question, dimension, code, meaning, object,
    beneficiary). A code fills in its dimension; with ``apply_suggestions`` a criterion given
    neither takes the taxonomy's best suggestion. Every problem is reported (``criteria[i]``)
    before anything is written. Returns the group and the criteria in the order given.
    Facilitators and above.
    """
    require_facilitator(store, caller, territory_id)
    if not 1 <= len(notes) <= MAX_CRITERIA:
        raise ValidationError(
            f"a group's criteria are recorded 1 to {MAX_CRITERIA} at a time, not {len(notes)}",
            field="criteria",
            value=len(notes),
        )
    problems: list[Problem] = []
    group, is_new = _group(store, territory_id, group_id, new_group, problems)
    known = components()
    nodes: list[Node] = []
    for i, note in enumerate(notes):
        fields = _classified(note, apply_suggestions)
        code, dimension = fields.get("code") or "", fields.get("dimension")
        if code and code not in known:
            problems.append(Problem(f"criteria[{i}].code", "no such SPIRAL component", code))
        elif code and dimension and str(dimension) != code[0]:
            problems.append(
                Problem(
                    f"criteria[{i}].dimension",
                    f"component '{code}' belongs to dimension '{code[0]}'",
                    str(dimension),
                )
            )
        try:
            nodes.append(
                new_node(
                    NodeKind.CRITERION,
                    fields,
                    node_id=new_id(ID_PREFIX[NodeKind.CRITERION]),
                    territory_id=territory_id,
                )
            )
        except ValidationError as exc:
            problems.extend(
                Problem(f"criteria[{i}].{p.field}", p.message, p.value) for p in exc.problems
            )
    if problems or group is None:
        raise ValidationError(problems)
    rels = [build_relationship(RelType.EXPRESSED, group.id, n.id) for n in nodes]
    written = [group, *nodes] if is_new else nodes
    # read the territory just before writing: bulk_upsert writes it as given
    store.bulk_upsert(territory(store, territory_id), written, rels, by=caller.by)
    return group, nodes


CLASSIFICATION = ("dimension", "code", "meaning", "object", "beneficiary")


def classify_criterion(
    store: Store,
    caller: Caller,
    criterion_id: str,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Node:
    """Set a criterion's classification (dimension, component code, meaning, object,
    beneficiary) and nothing else; a code fills in its dimension and must agree with it."""
    try:
        node = readable_of_kind(store, caller, criterion_id, NodeKind.CRITERION)
    except (NotFound, Denied):
        # the same answer whether the id is missing or in a territory not yours
        raise NotFound(NodeKind.CRITERION.value, criterion_id) from None
    require_facilitator(store, caller, str(node.territory_id))
    unknown = sorted(set(changes) - set(CLASSIFICATION))
    if unknown:
        raise ValidationError(f"'{unknown[0]}' is not a classification field", field=unknown[0])
    fields = dict(changes)
    code = fields.get("code") or ""
    if code and code not in components():
        raise ValidationError("no such SPIRAL component", field="code", value=code)
    if code and fields.get("dimension") is None:
        fields["dimension"] = code[0]
    if code and str(fields["dimension"]) != code[0]:
        raise ValidationError(
            f"component '{code}' belongs to dimension '{code[0]}'",
            field="dimension",
            value=str(fields["dimension"]),
        )
    return store.update(criterion_id, fields, expected_version=expected_version, by=caller.by)


def indicator_from_criteria(
    store: Store,
    caller: Caller,
    territory_id: str,
    criterion_ids: Sequence[str],
    fields: Mapping[str, Any],
    *,
    topic_ids: Sequence[str] = (),
) -> Node:
    """A new Indicator that the criteria INFORM (and that MEASURES ``topic_ids``), in one
    transaction. Raises NotFound for a criterion or topic not in the territory."""
    require(store, caller, territory_id, Permission.EDIT)
    ids = list(dict.fromkeys(criterion_ids))
    if not ids:
        raise ValidationError(
            "an indicator is built from at least one criterion", field="criterion_ids"
        )
    found = store.get_many([*ids, *topic_ids])
    for node_id, kind in [(i, NodeKind.CRITERION) for i in ids] + [
        (t, NodeKind.TOPIC) for t in topic_ids
    ]:
        node = found.get(node_id)
        if node is None or node.KIND is not kind or node.territory_id != territory_id:
            raise NotFound(kind.value, node_id)
    links = [LinkSpec(RelType.INFORMS, i, outgoing=False) for i in ids] + [
        LinkSpec(RelType.MEASURES, t) for t in dict.fromkeys(topic_ids)
    ]
    return store.create(
        NodeKind.INDICATOR, dict(fields), by=caller.by, territory_id=territory_id, links=links
    )


def criteria_summary(store: Store, caller: Caller, territory_id: str) -> CriteriaSynthesis:
    """Which dimensions each group stressed, which none raised, what only one raised."""
    require(store, caller, territory_id, Permission.READ)
    return criteria_synthesis(snapshot_to_graph(store.snapshot(territory_id)))
