"""Deciding about a contract suggestion: accept it as a draft Contract, reject it, or mark it
for discussion. Every decision is recorded (``Store.record_decision``).

The suggestion is looked up in the analysis of the map as it is now (through the cache), with
``LOOKUP_LIMITS``: suggestions are generated in priority order, so any suggestion a caller
saw with a smaller limit (same seed and thresholds) is found. A suggestion the map no longer
supports (its team was since bound by a contract, say) is NotFound.
"""

from __future__ import annotations

from pactmap.analysis import Limits, Suggestion, Thresholds
from pactmap.analysis.drafts import contract_draft
from pactmap.graph.errors import NotFound
from pactmap.graph.i18n import DEFAULT, texts
from pactmap.graph.model import (
    Decision,
    Node,
    NodeKind,
    Relationship,
    RelType,
    SuggestionDecision,
    build_relationship,
    new_node,
    utcnow,
)
from pactmap.graph.sentence import localized
from pactmap.graph.store import ID_PREFIX, Store, new_id

from .analysis_cache import AnalysisCache, cache_for

LOOKUP_LIMITS = Limits(suggestions=50)


def find_suggestion(
    store: Store,
    territory_id: str,
    suggestion_id: str,
    *,
    cache: AnalysisCache | None = None,
    thresholds: Thresholds | None = None,
    seed: int = 0,
) -> Suggestion:
    """The suggestion as the current analysis makes it. Raises NotFound."""
    report = (cache or cache_for(store)).report(
        store, territory_id, limits=LOOKUP_LIMITS, thresholds=thresholds, seed=seed
    )
    found = report.suggestion(suggestion_id)
    if found is None:
        raise NotFound("Suggestion", suggestion_id)
    return found


def accept(
    store: Store,
    territory_id: str,
    suggestion_id: str,
    *,
    by: str,
    note: str = "",
    cache: AnalysisCache | None = None,
    thresholds: Thresholds | None = None,
    seed: int = 0,
    lang: str = DEFAULT,
) -> Node:
    """Create the draft Contract of a suggestion with its parties (SIGNED with their roles),
    the indicators, topic and concerns it TARGETS, and one proposed Commitment per party
    (MADE by it, PART_OF the contract, ADDRESSES the targets), all in ONE transaction (a
    bulk upsert, audited like any change); then record the decision. Returns the contract."""
    suggestion = find_suggestion(
        store, territory_id, suggestion_id, cache=cache, thresholds=thresholds, seed=seed
    )
    draft = contract_draft(suggestion, words=texts(lang))
    territory = store.get(territory_id)
    now = utcnow()
    contract = new_node(
        NodeKind.CONTRACT,
        draft.fields,
        node_id=new_id(ID_PREFIX[NodeKind.CONTRACT]),
        territory_id=territory_id,
        now=now,
    )
    nodes: list[Node] = [contract]
    rels: list[Relationship] = [
        build_relationship(RelType.SIGNED, p.actor_id, contract.id, {"role": p.role.value})
        for p in draft.parties
    ] + [build_relationship(RelType.TARGETS, contract.id, target) for target in draft.targets]
    for commitment in draft.commitments:
        node = new_node(
            NodeKind.COMMITMENT,
            commitment.fields,
            node_id=new_id(ID_PREFIX[NodeKind.COMMITMENT]),
            territory_id=territory_id,
            now=now,
        )
        nodes.append(node)
        rels.append(build_relationship(RelType.MADE, commitment.actor_id, node.id))
        rels.append(build_relationship(RelType.PART_OF, node.id, contract.id))
        rels.extend(
            build_relationship(RelType.ADDRESSES, node.id, target)
            for target in commitment.addresses
        )
    store.bulk_upsert(territory, nodes, rels, by=by)
    _record(
        store,
        territory_id,
        suggestion_id,
        SuggestionDecision.ACCEPTED,
        by,
        note,
        contract.id,
        localized(suggestion.explanation, texts(lang)),
    )
    return store.get(contract.id)


def decide(
    store: Store,
    territory_id: str,
    suggestion_id: str,
    decision: SuggestionDecision,
    *,
    by: str,
    note: str = "",
    cache: AnalysisCache | None = None,
    thresholds: Thresholds | None = None,
    seed: int = 0,
    lang: str = DEFAULT,
) -> Decision:
    """Reject a suggestion or mark it for discussion (accepting goes through :func:`accept`);
    the decision keeps the explanation in ``lang``. Raises NotFound when the current analysis
    no longer makes that suggestion."""
    if decision is SuggestionDecision.ACCEPTED:
        raise ValueError("accepting a suggestion creates a contract: call accept()")
    found = find_suggestion(
        store, territory_id, suggestion_id, cache=cache, thresholds=thresholds, seed=seed
    )
    explanation = localized(found.explanation, texts(lang))
    return _record(store, territory_id, suggestion_id, decision, by, note, None, explanation)


def _record(
    store: Store,
    territory_id: str,
    suggestion_id: str,
    decision: SuggestionDecision,
    by: str,
    note: str,
    contract_id: str | None,
    explanation: str,
) -> Decision:
    return store.record_decision(
        Decision(
            id=new_id("dec"),
            territory_id=territory_id,
            suggestion_id=suggestion_id,
            decision=decision,
            note=note,
            explanation=explanation[:5000],
            contract_id=contract_id,
            by=by,
            at=utcnow(),
        )
    )


def latest_decisions(store: Store, territory_id: str) -> dict[str, Decision]:
    """Each suggestion's latest decision."""
    latest: dict[str, Decision] = {}
    for d in sorted(store.decisions(territory_id), key=lambda d: (d.at, d.id)):
        latest[d.suggestion_id] = d
    return latest
