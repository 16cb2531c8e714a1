"""From a suggestion to the draft of a Multipartite Social Contract (pure: no store).

The draft names the contract's fields, each party with its SIGNED role (the public actor as
initiator, the citizen groups as partner-authors, the convenor as facilitator, the others as
signatories), what the contract targets, and one proposed commitment per party with what it
ADDRESSES. ``pactmap.api.suggestions`` writes it.

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide, phase 5: co-decision and
   commitment; Thirion, S. (2017). The multipartite social contract (Mulhouse).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pactmap.graph.model import CommitmentStatus, ContractStatus, Horizon, SignatoryRole

from .records import Suggestion

DURATION_MONTHS = 10
"""Mulhouse's first contracts ran for ten months."""

_CONTRIBUTION = {
    SignatoryRole.INITIATOR: (
        "Convene the parties, bring the public means the objective needs, and host the "
        "signature and the co-evaluations."
    ),
    SignatoryRole.PARTNER_AUTHOR: (
        "Co-write the objective from the group's own criteria, take part in every "
        "co-evaluation, and say how the action is felt by the people concerned."
    ),
    SignatoryRole.FACILITATOR: (
        "Facilitate the meetings between the parties, who already know this actor, and keep "
        "the follow-up on schedule."
    ),
    SignatoryRole.SIGNATORY: (
        "Bring this actor's own work on the topic into a shared plan, with the resources it "
        "can commit."
    ),
}


@dataclass(frozen=True)
class PartyDraft:
    actor_id: str
    role: SignatoryRole


@dataclass(frozen=True)
class CommitmentDraft:
    actor_id: str
    fields: dict[str, Any]
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class ContractDraft:
    """Everything needed to create the draft contract and its links."""

    suggestion_id: str
    fields: dict[str, Any]
    parties: tuple[PartyDraft, ...]
    targets: tuple[str, ...]
    commitments: tuple[CommitmentDraft, ...] = field(default_factory=tuple)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def roles(suggestion: Suggestion) -> dict[str, SignatoryRole]:
    """Each member's role: citizens partner-authors, the first public actor initiator, the
    convenor (when neither) facilitator, everyone else signatory.

    Examples
    --------
    >>> from pactmap.analysis.records import Ref, Suggestion
    >>> s = Suggestion(id="sug-1", actors=(Ref("a", "A"), Ref("p", "P"), Ref("c", "C")),
    ...                objective="o", score=1.0, terms=(), explanation="",
    ...                citizens=("c",), public=("p",), convenor="a")
    >>> {k: v.value for k, v in roles(s).items()}
    {'a': 'facilitator', 'p': 'initiator', 'c': 'partner_author'}
    """
    out: dict[str, SignatoryRole] = {}
    initiator = suggestion.public[0] if suggestion.public else None
    for ref in suggestion.actors:
        if ref.id in suggestion.citizens:
            out[ref.id] = SignatoryRole.PARTNER_AUTHOR
        elif ref.id == initiator:
            out[ref.id] = SignatoryRole.INITIATOR
        elif ref.id == suggestion.convenor:
            out[ref.id] = SignatoryRole.FACILITATOR
        else:
            out[ref.id] = SignatoryRole.SIGNATORY
    return out


def contract_draft(
    suggestion: Suggestion, *, duration_months: int = DURATION_MONTHS
) -> ContractDraft:
    """The draft contract a facilitator gets when accepting ``suggestion``."""
    targets = tuple(
        r.id for r in (*suggestion.indicators, *suggestion.topics[:1], *suggestion.concerns)
    )
    horizon = Horizon.LONG if suggestion.concerns else Horizon.MEDIUM
    member_roles = roles(suggestion)
    commitments = tuple(
        CommitmentDraft(
            actor_id=ref.id,
            fields={
                "title": _short(f"{ref.name}: {suggestion.objective}"),
                "description": _CONTRIBUTION[member_roles[ref.id]],
                "status": CommitmentStatus.PROPOSED.value,
                "horizon": horizon.value,
            },
            addresses=targets,
        )
        for ref in suggestion.actors
    )
    return ContractDraft(
        suggestion_id=suggestion.id,
        fields={
            "title": _short(suggestion.objective),
            "objective": _short(f"{suggestion.objective}. {suggestion.explanation}", 5000),
            "status": ContractStatus.DRAFT.value,
            "duration_months": duration_months,
            "origin": suggestion.id,
        },
        parties=tuple(PartyDraft(r.id, member_roles[r.id]) for r in suggestion.actors),
        targets=targets,
        commitments=commitments,
    )
