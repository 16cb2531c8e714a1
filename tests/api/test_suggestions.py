"""Accepting, rejecting and discussing a suggestion against every store (SQLite, Neo4j); the cache
sees every edit."""

from __future__ import annotations

import pytest
from pactmap.api.services.analysis_cache import AnalysisCache
from pactmap.api.services.suggestions import accept, decide, find_suggestion, latest_decisions
from pactmap.graph.errors import NotFound
from pactmap.graph.i18n import texts
from pactmap.graph.model import NodeKind, RelType, SuggestionDecision
from pactmap.graph.sentence import localized
from pactmap.graph.store import Store
from pactmap.seeds.demo import load_demo


@pytest.fixture
def demo(store: Store) -> tuple[Store, str]:
    return store, load_demo(store)


def test_accept_creates_the_draft_contract_with_its_parties_and_commitments(
    demo: tuple[Store, str],
) -> None:
    store, territory = demo
    cache = AnalysisCache()
    suggestion = cache.report(store, territory).suggestions[0]
    contract = accept(store, territory, suggestion.id, by="user-1", note="for Monday", cache=cache)

    assert contract.KIND is NodeKind.CONTRACT
    fields = contract.fields()
    assert fields["status"] == "draft"
    assert fields["origin"] == suggestion.id
    rels = store.relationships([contract.id])[contract.id]
    signed = {r.from_id: r.properties["role"] for r in rels if r.type is RelType.SIGNED}
    assert set(signed) == {a.id for a in suggestion.actors}
    assert {signed[c] for c in suggestion.citizens} == {"partner_author"}
    assert "initiator" in signed.values()
    targets = {r.to_id for r in rels if r.type is RelType.TARGETS}
    assert {t.id for t in suggestion.indicators} <= targets
    commitments = [r.from_id for r in rels if r.type is RelType.PART_OF]
    assert len(commitments) == len(suggestion.actors)
    made = store.relationships(commitments, types=[RelType.MADE], direction="in")
    assert {r.from_id for rs in made.values() for r in rs} == {a.id for a in suggestion.actors}

    (decision,) = store.decisions(territory)
    assert (decision.decision, decision.contract_id, decision.note, decision.by) == (
        SuggestionDecision.ACCEPTED,
        contract.id,
        "for Monday",
        "user-1",
    )
    # the edit is visible in the next analysis: the team is now bound by one contract
    after = cache.report(store, territory)
    assert after.suggestion(suggestion.id) is None
    with pytest.raises(NotFound, match=suggestion.id):
        accept(store, territory, suggestion.id, by="user-1", cache=cache)


def test_reject_and_discuss_are_recorded(demo: tuple[Store, str]) -> None:
    store, territory = demo
    cache = AnalysisCache()
    first, second = cache.report(store, territory).suggestions[:2]
    decide(store, territory, first.id, SuggestionDecision.REJECTED, by="u", note="no", cache=cache)
    decide(store, territory, second.id, SuggestionDecision.DISCUSS, by="u", cache=cache)
    decide(store, territory, first.id, SuggestionDecision.DISCUSS, by="u", cache=cache)
    latest = latest_decisions(store, territory)
    assert latest[first.id].decision is SuggestionDecision.DISCUSS
    assert latest[second.id].decision is SuggestionDecision.DISCUSS
    assert len(store.decisions(territory)) == 3


def test_unknown_suggestion_is_not_found(demo: tuple[Store, str]) -> None:
    store, territory = demo
    with pytest.raises(NotFound, match="sug-nope"):
        decide(store, territory, "sug-nope", SuggestionDecision.REJECTED, by="u")


def test_cache_hits_until_the_map_changes(demo: tuple[Store, str]) -> None:
    store, territory = demo
    cache = AnalysisCache()
    first = cache.report(store, territory)
    assert cache.report(store, territory) is first
    assert (cache.hits, cache.misses) == (1, 1)
    actor = next(n for n in store.snapshot(territory).nodes if n.KIND is NodeKind.ACTOR)
    store.update(actor.id, {"name": "Renamed actor"}, expected_version=actor.version, by="u")
    second = cache.report(store, territory)
    assert second is not first
    names = {a.name for s in second.silos for a in s.actors}
    assert "Renamed actor" in names


def test_find_suggestion_sees_those_shown_with_a_smaller_limit(demo: tuple[Store, str]) -> None:
    from pactmap.analysis import Limits

    store, territory = demo
    cache = AnalysisCache()
    shown = cache.report(store, territory, limits=Limits(suggestions=3)).suggestions
    for s in shown:
        assert find_suggestion(store, territory, s.id, cache=cache) == s


def test_concurrent_requests_compute_once(demo: tuple[Store, str]) -> None:
    import threading

    store, territory = demo
    cache = AnalysisCache()
    reports: list[object] = []
    threads = [
        threading.Thread(target=lambda: reports.append(cache.report(store, territory)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.misses == 1
    assert all(r is reports[0] for r in reports)


def test_the_decision_keeps_the_note_and_the_explanation_and_the_draft_speaks_french(
    demo: tuple[Store, str],
) -> None:
    store, territory = demo
    cache = AnalysisCache()
    suggestion = cache.report(store, territory).suggestions[0]
    contract = accept(
        store, territory, suggestion.id, by="u", note="pour lundi", cache=cache, lang="fr"
    )
    title = contract.fields()["title"]
    assert title.endswith(f"— {len(suggestion.actors)} partenaires (brouillon)"), title
    decided = latest_decisions(store, territory)[suggestion.id]
    assert decided.note == "pour lundi"
    # kept as the facilitator read it, in French
    assert decided.explanation == localized(suggestion.explanation, texts("fr"))
    assert "paires sur" in decided.explanation
    assert decided.contract_id == contract.id
