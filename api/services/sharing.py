"""Across territories: which territories share, comparing with them, and starting a contract
from another territory's contract as a template.

A territory is visible to a caller who holds a role on it, or when it chose to share
(``Territory.shared``, an admin's decision). Anything else is answered exactly as a missing
id would be (:class:`~pactmap.api.auth.Denied` with ``hidden``), so that an unshared
territory's ids reveal nothing, not even that they exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pactmap.analysis.compare import TerritoryProfile, territory_profile
from pactmap.analysis.convert import snapshot_to_graph
from pactmap.analysis.records import Report
from pactmap.graph.errors import NotFound, ValidationError
from pactmap.graph.model import (
    Commitment,
    Contract,
    ContractStatus,
    Node,
    NodeKind,
    RelType,
    Territory,
    build_relationship,
    new_node,
)
from pactmap.graph.store import ID_PREFIX, MAX_PAGE, Store, new_id

from ..auth import Caller, Denied, Permission
from .territories import require, territory

MAX_COMPARED = 20
"""The most other territories one comparison takes."""

ReportOf = Callable[[Store, str], Report]


def _hidden(kind: str, ident: str) -> Denied:
    return Denied(f"no {kind} '{ident}' that you can see", hidden=True)


def visible_territory(store: Store, caller: Caller, territory_id: str) -> Territory:
    """The territory if the caller holds a role on it or it is shared; hidden otherwise."""
    try:
        node = store.get(territory_id)
    except NotFound:
        raise _hidden("territory", territory_id) from None
    if not isinstance(node, Territory):
        raise _hidden("territory", territory_id)
    if caller.role_on(territory_id) is None and not node.shared:
        raise _hidden("territory", territory_id)
    return node


def shared_territories(store: Store, caller: Caller) -> list[Territory]:
    """Every territory that chose to share, by name (for a signed-in caller)."""
    if not caller.authenticated and not caller.local:
        raise Denied("sign in to see which territories share")
    found: list[Territory] = []
    after = None
    while True:
        page = store.list_nodes(NodeKind.TERRITORY, None, first=MAX_PAGE, after=after)
        found.extend(n for n in page.items if isinstance(n, Territory) and n.shared)
        if not page.has_next_page:
            return found
        after = page.end_cursor


def set_sharing(
    store: Store, caller: Caller, territory_id: str, shared: bool, expected_version: int
) -> Node:
    """Share the territory with others, or stop (admins)."""
    require(store, caller, territory_id, Permission.ADMIN)
    return store.update(
        territory_id, {"shared": shared}, expected_version=expected_version, by=caller.by
    )


def compare(
    store: Store,
    caller: Caller,
    territory_id: str,
    other_ids: Sequence[str],
    report_of: ReportOf,
) -> list[TerritoryProfile]:
    """The profiles of the caller's territory (first) and of each visible other one.

    The caller needs to analyse ``territory_id``; any other id that is missing or not shared
    is hidden (the whole comparison fails, returning nothing of anyone)."""
    require(store, caller, territory_id, Permission.ANALYSE)
    others = list(dict.fromkeys(i for i in other_ids if i != territory_id))
    if len(others) > MAX_COMPARED:
        raise ValidationError(
            f"compare with at most {MAX_COMPARED} territories, not {len(others)}",
            field="other_ids",
            value=len(others),
        )
    for other in others:
        visible_territory(store, caller, other)
    profiles = []
    for tid in [territory_id, *others]:
        T = snapshot_to_graph(store.snapshot(tid))
        profiles.append(territory_profile(T, report_of(store, tid).gaps))
    return profiles


def contract_from_template(
    store: Store, caller: Caller, territory_id: str, source_contract_id: str
) -> Node:
    """A draft contract in ``territory_id`` shaped like a visible contract: its title,
    objective and duration, and one proposed commitment (with no actor yet) per commitment of
    the source, by title. One transaction. The caller needs to draft contracts here."""
    require(store, caller, territory_id, Permission.DRAFT)
    try:
        source = store.get(source_contract_id)
    except NotFound:
        raise _hidden("contract", source_contract_id) from None
    if not isinstance(source, Contract) or source.territory_id is None:
        raise _hidden("contract", source_contract_id)
    try:
        visible_territory(store, caller, source.territory_id)
    except Denied:
        raise _hidden("contract", source_contract_id) from None
    parts = store.relationships([source.id], types=[RelType.PART_OF], direction="in")
    commitments = sorted(
        (
            n
            for n in store.get_many([r.from_id for r in parts[source.id]]).values()
            if isinstance(n, Commitment)
        ),
        key=lambda c: (c.title, c.id),
    )
    contract = new_node(
        NodeKind.CONTRACT,
        {
            "title": source.title,
            "objective": source.objective,
            "duration_months": source.duration_months,
            "status": ContractStatus.DRAFT,
            "origin": f"template:{source.id}",
        },
        node_id=new_id(ID_PREFIX[NodeKind.CONTRACT]),
        territory_id=territory_id,
    )
    proposed = [
        new_node(
            NodeKind.COMMITMENT,
            {"title": c.title, "horizon": c.horizon},
            node_id=new_id(ID_PREFIX[NodeKind.COMMITMENT]),
            territory_id=territory_id,
        )
        for c in commitments
    ]
    rels = [build_relationship(RelType.PART_OF, c.id, contract.id) for c in proposed]
    store.bulk_upsert(territory(store, territory_id), [contract, *proposed], rels, by=caller.by)
    return contract
