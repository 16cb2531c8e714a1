"""The small pieces the analyses' sentences share: an actor with its sector, a quoted name, the
reasons in brackets. Each is a :class:`~pactmap.graph.sentence.Sentence`, so it is rendered in
the reader's language with the sentence that holds it."""

from __future__ import annotations

from collections.abc import Sequence

from pactmap.graph.sentence import N_, Listed, Sentence

from .records import Ref

SECTORS: dict[str, str] = {
    "public_authority": N_("public authority"),
    "public_service": N_("public service"),
    "private_company": N_("private company"),
    "social_economy": N_("social economy"),
    "association": N_("association"),
    "citizen_group": N_("citizen group"),
    "other": N_("other"),
}
"""A sector as it is written inside a sentence (the vocabulary's labels are capitalised)."""


def sector(value: str | None) -> Sentence:
    return Sentence(SECTORS.get(value or "other", SECTORS["other"]))


def actor(ref: Ref) -> Sentence:
    """ "Energy advice (association)"."""
    return Sentence(N_("%(name)s (%(sector)s)"), name=ref.name, sector=sector(ref.sector))


def quote(name: str) -> Sentence:
    """A name in the language's quotation marks."""
    return Sentence(N_("'%(name)s'"), name=name)


def context(reasons: Sequence[str], *, trailing: bool = False) -> Sentence | str:
    """The reasons in brackets after a clause (" (r1; r2)"), nothing when there are none;
    ``trailing`` adds the comma of a clause that goes on."""
    if not reasons:
        return ""
    listed = Listed(tuple(reasons), "clauses")
    if trailing:
        return Sentence(N_(" (%(reasons)s),"), reasons=listed)
    return Sentence(N_(" (%(reasons)s)"), reasons=listed)


TRENDS: dict[str, str] = {
    "improving": N_("improving"),
    "worsening": N_("worsening"),
    "stable": N_("stable"),
    "unknown": N_("unknown"),
}
"""An indicator's trend as written in a sentence."""

TERMS: dict[str, str] = {
    "coverage": N_("coverage"),
    "sector_diversity": N_("sector diversity"),
    "bridging": N_("bridging"),
    "citizen_voice": N_("citizen voice"),
    "existing_trust": N_("existing trust"),
    "future_generations": N_("future generations"),
}
"""The named terms of a suggestion's score."""
