"""Names and phrases for generated territories: plausible, fictional, deterministic."""

from __future__ import annotations

_FIRST = ("Val", "Mont", "Bel", "Roche", "Fon", "Ber", "Lan", "Mar", "Sau", "Cor", "Bray", "Pré")
_LAST = ("ignac", "oux", "enne", "ville", "court", "mont", "fort", "ière", "ac", "ange", "bourg")
PLACES: tuple[str, ...] = tuple(f"{a}{b}" for a in _FIRST for b in _LAST)

_KINDS: dict[str, tuple[str, ...]] = {
    "public_authority": (
        "Town council of {place}",
        "Intermunicipal community of {place}",
        "District council of {place}",
    ),
    "public_service": (
        "Social action centre of {place}",
        "Employment agency of {place}",
        "Health centre of {place}",
        "School group of {place}",
        "Public library of {place}",
        "Housing office of {place}",
        "Family allowance office of {place}",
        "Hospital of {place}",
    ),
    "private_company": (
        "{place} Logistics",
        "{place} Metalworks",
        "Supermarket of {place}",
        "{place} Building and Renovation",
        "{place} Energy Services",
        "Pharmacy of {place}",
        "{place} Temp Agency",
        "{place} Transport",
    ),
    "social_economy": (
        "{place} Integration Enterprise",
        "Reuse and repair workshop of {place}",
        "Social grocery of {place}",
        "Community energy cooperative of {place}",
        "Market garden cooperative of {place}",
        "Mutual insurer of {place}",
    ),
    "association": (
        "Food bank of {place}",
        "Youth and culture centre of {place}",
        "Sports club of {place}",
        "Energy advice association of {place}",
        "Community centre of {place}",
        "Visiting volunteers of {place}",
        "Nature association of {place}",
        "Digital inclusion association of {place}",
        "Disability rights association of {place}",
        "Parents' association of {place}",
        "Debt advice association of {place}",
        "Tenants' association of {place}",
    ),
    "citizen_group": (
        "Single parents of {place}",
        "Retired people of {place}",
        "Young people without work of {place}",
        "Tenants of the {place} estate",
        "People with disabilities of {place}",
        "Newcomers of {place}",
        "Pupils of {place}",
        "Shift workers of {place}",
        "Carers of {place}",
        "Farmers of {place}",
    ),
    "other": (
        "Employers' club of {place}",
        "Trade union council of {place}",
        "Interfaith council of {place}",
        "University lab of {place}",
        "Chamber of trades of {place}",
    ),
}

CITIZEN_PROFILES: tuple[str, ...] = (
    "Parents raising children alone, aged 25-45",
    "Retired people aged 65-90, many living alone",
    "Young people aged 18-25 neither in work nor in training",
    "Tenants of a social-housing estate",
    "Adults living with a disability, and carers",
    "Adults who arrived less than five years ago",
    "Secondary-school pupils aged 12-15",
    "Employees working early, late or night shifts",
    "People caring for a sick or elderly relative",
    "Farmers and farm workers",
)

_QUALIFIERS = (
    "",
    "in the estates",
    "for young people",
    "for older people",
    "in the town centre",
    "for families",
    "in the villages",
    "at work",
    "for newcomers",
    "in the industrial zone",
    "for people on low incomes",
    "for people with disabilities",
    "by 2040",
    "across the valley",
    "in winter",
    "in summer",
    "for single parents",
)

EVIDENCE: tuple[str, ...] = (
    "Shared project",
    "Partnership agreement",
    "Joint board",
    "Referral agreement",
    "Shared premises",
    "Working group",
    "Funding agreement",
    "Regular meetings",
)

_COMMITMENT_VERBS = (
    "Act on",
    "Run a pilot on",
    "Fund work on",
    "Open a service for",
    "Train volunteers on",
    "Share data on",
)
_QUESTIONS = (
    "What makes us feel well: {topic}",
    "What makes us feel unwell: too little done on {topic}",
    "What we could do ourselves about {topic}",
)


def actor_name(sector: str, index: int) -> str:
    kinds = _KINDS[sector]
    kind = kinds[index % len(kinds)]
    place = PLACES[(index // len(kinds)) % len(PLACES)]
    return kind.format(place=place)


def topic_name(component: str, index: int) -> str:
    """Unique per index: the component, then a qualifier that changes every nine topics."""
    qualifier = _QUALIFIERS[(index // 9) % len(_QUALIFIERS)]
    round_ = index // (9 * len(_QUALIFIERS))
    name = f"{component} {qualifier}".strip() if qualifier else component
    return f"{name} ({round_ + 1})" if round_ else name


def commitment_title(topic: str, index: int) -> str:
    return f"{_COMMITMENT_VERBS[index % len(_COMMITMENT_VERBS)]} {topic.lower()}"


def criterion_text(topic: str, question: int) -> str:
    return _QUESTIONS[question].format(topic=topic.lower())
