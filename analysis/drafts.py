"""From a suggestion to the draft of a Multipartite Social Contract (pure: no store).

The draft names the contract's fields — a short title ("Energy poverty — 6 partners (draft)"),
the objective as one sentence the group will edit — each party with its SIGNED role (the
public actor as initiator, the citizen groups as partner-authors, the convenor as facilitator,
the others as signatories), what the contract targets, and one proposed commitment per party
with what it ADDRESSES, left for the party to write. ``pactmap.api.services.suggestions``
writes it.

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide, phase 5: co-decision and
   commitment; Thirion, S. (2017). The multipartite social contract (Mulhouse).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pactmap.graph.i18n import DEFAULT, Texts, texts
from pactmap.graph.model import CommitmentStatus, ContractStatus, Horizon, SignatoryRole
from pactmap.graph.sentence import localized

from .records import Suggestion

DURATION_MONTHS = 10
"""Mulhouse's first contracts ran for ten months."""

MAX_TITLE = 90
"""A draft's title fits a slide and a page header: what it is about, and how many parties."""


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


def draft_title(suggestion: Suggestion, words: Texts) -> str:
    """ "Energy poverty — 6 partners (draft)": the objective's topic (else its indicator) and
    the number of parties, in at most :data:`MAX_TITLE` characters."""
    about = (suggestion.topics or suggestion.indicators or suggestion.actors[:1])[0].name
    parties = len(suggestion.actors)
    whole = words.ngettext(
        "%(about)s — %(count)s partner (draft)",
        "%(about)s — %(count)s partners (draft)",
        parties,
        about=about,
    )
    if len(whole) <= MAX_TITLE:
        return whole
    room = MAX_TITLE - (len(whole) - len(about)) - 1
    return words.ngettext(
        "%(about)s — %(count)s partner (draft)",
        "%(about)s — %(count)s partners (draft)",
        parties,
        about=about[:room].rstrip(" :,;—-") + "…",
    )


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
    suggestion: Suggestion,
    *,
    duration_months: int = DURATION_MONTHS,
    words: Texts | None = None,
) -> ContractDraft:
    """The draft contract a facilitator gets when accepting ``suggestion``, in the language of
    ``words``: a short title, the objective as one sentence to edit, and for each party a
    commitment left for the party to write ("To be written with ...")."""
    words = words or texts(DEFAULT)
    targets = tuple(
        r.id for r in (*suggestion.indicators, *suggestion.topics[:1], *suggestion.concerns)
    )
    horizon = Horizon.LONG if suggestion.concerns else Horizon.MEDIUM
    member_roles = roles(suggestion)
    commitments = tuple(
        CommitmentDraft(
            actor_id=ref.id,
            fields={
                "title": _short(words._("To be written with %(party)s", party=ref.name)),
                "description": "",
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
            "title": draft_title(suggestion, words),
            "objective": _short(localized(suggestion.objective, words).rstrip(".") + ".", 5000),
            "status": ContractStatus.DRAFT.value,
            "duration_months": duration_months,
            "origin": suggestion.id,
        },
        parties=tuple(PartyDraft(r.id, member_roles[r.id]) for r in suggestion.actors),
        targets=targets,
        commitments=commitments,
    )
