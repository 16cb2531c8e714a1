"""The words people read for the model's enumerated values, in English, marked for the catalogs.

``label("contract_status", "active")`` gives the English msgid ("In force"); a :class:`Texts`
of :mod:`pactmap.graph.i18n` translates it. Keys are the enum's name in snake case and the
value as stored, so every value the model can hold has one entry (a test checks it).
"""

from __future__ import annotations

from .i18n import N_

VOCABULARY: dict[str, dict[str, str]] = {
    "sector": {
        "public_authority": N_("Public authority"),
        "public_service": N_("Public service"),
        "private_company": N_("Private company"),
        "social_economy": N_("Social economy"),
        "association": N_("Association"),
        "citizen_group": N_("Citizen group"),
        "other": N_("Other"),
    },
    "contract_status": {
        "draft": N_("Draft"),
        "negotiating": N_("Being negotiated"),
        "signed": N_("Signed"),
        "active": N_("In force"),
        "evaluated": N_("Evaluated"),
        "closed": N_("Closed"),
    },
    "commitment_status": {
        "proposed": N_("Proposed"),
        "active": N_("Under way"),
        "fulfilled": N_("Fulfilled"),
        "lapsed": N_("Lapsed"),
        "withdrawn": N_("Withdrawn"),
    },
    "action_status": {
        "planned": N_("Planned"),
        "ongoing": N_("Under way"),
        "done": N_("Done"),
        "abandoned": N_("Abandoned"),
    },
    "signatory_role": {
        "initiator": N_("Initiator"),
        "partner_author": N_("Partner-author"),
        "signatory": N_("Signatory"),
        "facilitator": N_("Facilitator"),
    },
    "evaluation_phase": {
        "ex_ante": N_("Before the actions (ex-ante)"),
        "ex_post": N_("After the actions (ex-post)"),
    },
    "direction": {
        "higher_is_better": N_("Higher is better"),
        "lower_is_better": N_("Lower is better"),
    },
    "level": {
        "1": N_("Very unsatisfactory"),
        "2": N_("Unsatisfactory"),
        "3": N_("Average"),
        "4": N_("Good"),
        "5": N_("Ideal"),
    },
    "thing": {  # what a message names: every kind of node, and the records around them
        "Territory": N_("Territory"),
        "Actor": N_("Actor"),
        "Topic": N_("Topic"),
        "Criterion": N_("Criterion"),
        "Indicator": N_("Indicator"),
        "Measurement": N_("Measurement"),
        "Commitment": N_("Commitment"),
        "Contract": N_("Contract"),
        "Action": N_("Action"),
        "FutureConcern": N_("Future-generations concern"),
        "Evaluation": N_("Evaluation"),
        "Node": N_("Node"),
        "Relationship": N_("Relationship"),
        "User": N_("User"),
        "ApiToken": N_("API token"),
        "Session": N_("Session"),
        "Membership": N_("Membership"),
        "Comment": N_("Comment"),
        "Decision": N_("Decision"),
        "Suggestion": N_("Suggestion"),
    },
}


def label(vocabulary: str, value: object) -> str:
    """The English words for ``value`` of ``vocabulary`` (the value itself if it has none)."""
    text = str(getattr(value, "value", value))
    return VOCABULARY.get(vocabulary, {}).get(text, text)
