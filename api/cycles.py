"""The SPIRAL cycle on a store: citizens' criteria in bulk, indicators from criteria, the
territory's syntheses, moving to the next cycle, and the maps and differences of cycles.

Shared by the GraphQL schema (:mod:`pactmap.api.schema.cycle`) and the command line
(:mod:`pactmap.api.cli_cycle`); role checks are the caller's job. Each write is one store
transaction; the pure work is in :mod:`pactmap.analysis` (criteria, synthesis, cycles).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.criteria import CriteriaSynthesis, criteria_synthesis
from pactmap.analysis.cycles import CycleDiff, CycleSpan, cycle_diff, cycle_spans
from pactmap.analysis.synthesis import Synthesis, synthesis
from pactmap.graph.errors import NotFound, Problem, ValidationError
from pactmap.graph.history import map_at
from pactmap.graph.model import (
    Change,
    Node,
    NodeKind,
    RelType,
    Territory,
    build_relationship,
    new_node,
)
from pactmap.graph.store import ID_PREFIX, MAX_PAGE, LinkSpec, Snapshot, Store, new_id
from pactmap.graph.taxonomy import components, suggest_components

MAX_CRITERIA = 2000
"""The most criteria one ``record_criteria`` call takes (a big workshop types in ~400)."""
LAST_CYCLE = 3


def territory(store: Store, territory_id: str) -> Territory:
    node = store.get(territory_id)
    if not isinstance(node, Territory):
        raise NotFound("Territory", territory_id)
    return node


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


def record_criteria(
    store: Store,
    territory_id: str,
    group_id: str | None,
    notes: Sequence[Mapping[str, Any]],
    *,
    by: str,
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
    """
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
    store.bulk_upsert(territory(store, territory_id), written, rels, by=by)
    return group, nodes


CLASSIFICATION = ("dimension", "code", "meaning", "object", "beneficiary")


def classify_criterion(
    store: Store, criterion_id: str, changes: Mapping[str, Any], expected_version: int, *, by: str
) -> Node:
    """Set a criterion's classification (dimension, component code, meaning, object,
    beneficiary) and nothing else; a code fills in its dimension and must agree with it."""
    unknown = sorted(set(changes) - set(CLASSIFICATION))
    if unknown:
        raise ValidationError(f"'{unknown[0]}' is not a classification field", field=unknown[0])
    node = store.get(criterion_id)
    if node.KIND is not NodeKind.CRITERION:
        raise NotFound(NodeKind.CRITERION.value, criterion_id)
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
    return store.update(criterion_id, fields, expected_version=expected_version, by=by)


def indicator_from_criteria(
    store: Store,
    territory_id: str,
    criterion_ids: Sequence[str],
    fields: Mapping[str, Any],
    *,
    by: str,
    topic_ids: Sequence[str] = (),
) -> Node:
    """A new Indicator that the criteria INFORM (and that MEASURES ``topic_ids``), in one
    transaction. Raises NotFound for a criterion or topic not in the territory."""
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
        NodeKind.INDICATOR, dict(fields), by=by, territory_id=territory_id, links=links
    )


def advance_cycle(store: Store, territory_id: str, expected_version: int, *, by: str) -> Node:
    """Move the territory to its next SPIRAL cycle (1 -> 2 -> 3); the change log keeps when."""
    current = territory(store, territory_id)
    if current.version == expected_version and current.spiral_cycle >= LAST_CYCLE:
        raise ValidationError(
            f"Territory '{territory_id}' is already in the last cycle ({LAST_CYCLE})",
            field="spiral_cycle",
            value=current.spiral_cycle,
        )
    return store.update(
        territory_id,
        {"spiral_cycle": current.spiral_cycle + 1},
        expected_version=expected_version,
        by=by,
    )


def all_changes(store: Store, territory_id: str) -> list[Change]:
    """The territory's whole change log, page by page."""
    out: list[Change] = []
    while True:
        page = store.changes(territory_id, after_seq=out[-1].seq if out else None, first=MAX_PAGE)
        out.extend(page)
        if len(page) < MAX_PAGE:
            return out


def spans(store: Store, territory_id: str) -> dict[int, CycleSpan]:
    territory(store, territory_id)
    return cycle_spans(territory_id, all_changes(store, territory_id))


def cycle_map(store: Store, territory_id: str, cycle: int, *, end: bool = False) -> Snapshot:
    """The map at the start of ``cycle`` (or at its end: when the territory left it, or now
    for the current cycle). Raises ValidationError for a cycle the territory was never in."""
    return cycle_maps(store, territory_id, [(cycle, end)])[0]


def cycle_maps(
    store: Store, territory_id: str, wanted: Sequence[tuple[int, bool]]
) -> list[Snapshot]:
    """Several cycle maps (``(cycle, end)`` as in :func:`cycle_map`) from one read of the
    map and its change log."""
    now = store.snapshot(territory_id)  # before the log: see graph.history.map_at
    changes = all_changes(store, territory_id)
    found = cycle_spans(territory_id, changes)
    maps = []
    for cycle, end in wanted:
        span = _span(found, territory_id, cycle)
        seq = span.end_seq if end else span.start_seq
        maps.append(now if seq is None else map_at(now, [c for c in changes if c.seq > seq]))
    return maps


def _span(found: Mapping[int, CycleSpan], territory_id: str, cycle: int) -> CycleSpan:
    if cycle not in found:
        so_far = ", ".join(str(c) for c in sorted(found)) or "none recorded"
        raise ValidationError(
            f"Territory '{territory_id}' has not been in cycle {cycle} (cycles: {so_far})",
            field="cycle",
            value=cycle,
        )
    return found[cycle]


def diff_cycles(store: Store, territory_id: str, from_cycle: int, to_cycle: int) -> CycleDiff:
    """How co-responsibility widened from cycle ``from_cycle``'s map to ``to_cycle``'s, each
    taken as the cycle ended (or now, for the current cycle)."""
    before, after = cycle_maps(store, territory_id, [(from_cycle, True), (to_cycle, True)])
    return cycle_diff(before, after)


def territory_synthesis(store: Store, territory_id: str) -> Synthesis:
    return synthesis(snapshot_to_graph(store.snapshot(territory_id)))


def criteria_summary(store: Store, territory_id: str) -> CriteriaSynthesis:
    return criteria_synthesis(snapshot_to_graph(store.snapshot(territory_id)))
