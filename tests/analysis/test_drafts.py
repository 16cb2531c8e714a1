"""From a suggestion to a draft contract spec (pure)."""

from __future__ import annotations

from pactmap.analysis import analyze
from pactmap.analysis.drafts import contract_draft
from pactmap.graph.model import NodeKind, SignatoryRole, build_node

from .test_suggestions import town


def test_draft_roles_targets_and_commitments() -> None:
    suggestion = analyze(town().snapshot(), seed=2).suggestions[0]
    draft = contract_draft(suggestion)
    roles = {p.actor_id: p.role for p in draft.parties}
    assert set(roles) == {a.id for a in suggestion.actors}
    assert roles["tenants"] is SignatoryRole.PARTNER_AUTHOR
    assert sum(r is SignatoryRole.INITIATOR for r in roles.values()) == 1
    initiator = next(a for a, r in roles.items() if r is SignatoryRole.INITIATOR)
    assert initiator in suggestion.public
    assert draft.fields["status"] == "draft"
    assert draft.fields["origin"] == suggestion.id
    assert draft.fields["duration_months"] == 10
    # targets: the worst indicator, the topic, the concern
    assert draft.targets == ("cold", "energy", "fut")
    assert [c.actor_id for c in draft.commitments] == [a.id for a in suggestion.actors]
    assert all(c.addresses == draft.targets for c in draft.commitments)
    assert all(c.fields["horizon"] == "long" for c in draft.commitments)  # a concern is attached


def test_draft_fields_are_valid_model_fields() -> None:
    suggestion = analyze(town().snapshot(), seed=2).suggestions[0]
    draft = contract_draft(suggestion)
    system = {
        "id": "x",
        "territory_id": "t",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "version": 1,
    }
    build_node(NodeKind.CONTRACT, {**draft.fields, **system})
    for c in draft.commitments:
        build_node(NodeKind.COMMITMENT, {**c.fields, **system})


def test_a_draft_is_something_a_facilitator_can_take_into_a_meeting() -> None:
    """Issue 14: a short title naming the topic and the number of parties, the objective as
    one sentence, and commitments left for each party to write (not copies of the title)."""
    from pactmap.analysis.drafts import MAX_TITLE
    from pactmap.graph.i18n import texts

    suggestion = analyze(town().snapshot(), seed=2).suggestions[0]
    english = contract_draft(suggestion)
    french = contract_draft(suggestion, words=texts("fr"))
    parties = len(suggestion.actors)
    topic = suggestion.topics[0].name
    assert english.fields["title"] == f"{topic} — {parties} partners (draft)"
    assert french.fields["title"] == f"{topic} — {parties} partenaires (brouillon)"
    assert len(english.fields["title"]) <= MAX_TITLE
    objective = english.fields["objective"]
    assert objective.count(". ") == 0 and objective.endswith(".")
    assert suggestion.explanation not in objective
    for commitment, actor in zip(english.commitments, suggestion.actors, strict=True):
        assert commitment.fields["title"] == f"To be written with {actor.name}"
        assert commitment.fields["description"] == ""
        assert english.fields["title"] not in commitment.fields["title"]
    assert french.commitments[0].fields["title"].startswith("À écrire avec ")


def test_a_long_topic_is_cut_to_fit_the_title() -> None:
    from dataclasses import replace

    from pactmap.analysis.drafts import MAX_TITLE
    from pactmap.analysis.records import Ref

    suggestion = analyze(town().snapshot(), seed=2).suggestions[0]
    long_topic = replace(suggestion, topics=(Ref("t", "Energy " * 30),))
    title = contract_draft(long_topic).fields["title"]
    assert len(title) <= MAX_TITLE
    assert title.endswith(f"… — {len(suggestion.actors)} partners (draft)")
