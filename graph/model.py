"""The domain model of pactmap: every node and relationship of a co-responsibility map.

This module is the one place the model is defined (pydantic v2). Stores, the API, the
analyses and the file formats all validate through it.

Nodes share ``id``, ``territory_id`` (except Territory), ``created_at``, ``updated_at`` and
``version`` (1 on creation, +1 on every change). Relationships are identified by their
``(from_id, type, to_id)`` triple and carry the properties their type allows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from .errors import Problem, TransitionError, ValidationError
from .i18n import N_
from .sentence import Sentence

# ---------------------------------------------------------------- scalar types

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
_ID_RE = re.compile(ID_PATTERN)


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            Sentence(
                N_(
                    "an id is 1-100 letters, digits, '_', '.' or '-', starting with a letter or "
                    "digit"
                )
            )
        )
    return value


NodeId = Annotated[str, AfterValidator(_check_id)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Level = Annotated[int, Field(ge=1, le=5)]
Progress = Annotated[int, Field(ge=0, le=100)]


def is_valid_id(value: str) -> bool:
    return bool(_ID_RE.fullmatch(value))


def utcnow() -> datetime:
    """Now, in UTC, to the microsecond (the precision both stores keep)."""
    return datetime.now(UTC)


def search_key(text: str) -> str:
    """Fold case and accents so that 'Énergie' is found by 'energie' in every store."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------- enums


class NodeKind(StrEnum):
    TERRITORY = "Territory"
    ACTOR = "Actor"
    TOPIC = "Topic"
    CRITERION = "Criterion"
    INDICATOR = "Indicator"
    MEASUREMENT = "Measurement"
    COMMITMENT = "Commitment"
    CONTRACT = "Contract"
    ACTION = "Action"
    FUTURE_CONCERN = "FutureConcern"
    EVALUATION = "Evaluation"


class Sector(StrEnum):
    PUBLIC_AUTHORITY = "public_authority"
    PUBLIC_SERVICE = "public_service"
    PRIVATE_COMPANY = "private_company"
    SOCIAL_ECONOMY = "social_economy"
    ASSOCIATION = "association"
    CITIZEN_GROUP = "citizen_group"
    OTHER = "other"


class Scale(StrEnum):
    NEIGHBOURHOOD = "neighbourhood"
    MUNICIPAL = "municipal"
    INTERMUNICIPAL = "intermunicipal"
    REGIONAL = "regional"
    NATIONAL = "national"
    EUROPEAN = "european"


class Dimension(StrEnum):
    """The SPIRAL families of well-being (A-H of the original guide, I added in later practice)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741 - the method's own letter


class Question(StrEnum):
    WELLBEING = "wellbeing"
    ILLBEING = "illbeing"
    ACTION = "action"


class Meaning(StrEnum):
    ATTAINMENT = "attainment"
    OPPOSITION = "opposition"
    POSSIBILITY = "possibility"
    QUALITY = "quality"
    SUSTAINABILITY = "sustainability"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class CommitmentStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    FULFILLED = "fulfilled"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


class Horizon(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class ContractStatus(StrEnum):
    DRAFT = "draft"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    ACTIVE = "active"
    EVALUATED = "evaluated"
    CLOSED = "closed"


class ActionKind(StrEnum):
    PILOT = "pilot"
    PLAN = "plan"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    ABANDONED = "abandoned"


class EvaluationPhase(StrEnum):
    EX_ANTE = "ex_ante"
    EX_POST = "ex_post"


class SignatoryRole(StrEnum):
    INITIATOR = "initiator"
    PARTNER_AUTHOR = "partner_author"
    SIGNATORY = "signatory"
    FACILITATOR = "facilitator"


class Role(StrEnum):
    """A user's role on one territory, from most to least powerful."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    VIEWER = "viewer"


class TokenScope(StrEnum):
    READ = "read"
    WRITE = "write"


class SuggestionDecision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DISCUSS = "discuss"


# Contract life cycle: the allowed moves only (draft -> negotiating -> signed -> active ->
# evaluated -> closed), plus stepping back to negotiation and closing an unsigned draft.
CONTRACT_TRANSITIONS: dict[ContractStatus, frozenset[ContractStatus]] = {
    ContractStatus.DRAFT: frozenset({ContractStatus.NEGOTIATING, ContractStatus.CLOSED}),
    ContractStatus.NEGOTIATING: frozenset(
        {ContractStatus.DRAFT, ContractStatus.SIGNED, ContractStatus.CLOSED}
    ),
    ContractStatus.SIGNED: frozenset({ContractStatus.ACTIVE, ContractStatus.CLOSED}),
    ContractStatus.ACTIVE: frozenset({ContractStatus.EVALUATED, ContractStatus.CLOSED}),
    ContractStatus.EVALUATED: frozenset({ContractStatus.ACTIVE, ContractStatus.CLOSED}),
    ContractStatus.CLOSED: frozenset(),
}


def check_contract_transition(old: ContractStatus, new: ContractStatus) -> None:
    if old != new and new not in CONTRACT_TRANSITIONS[old]:
        allowed = ", ".join(sorted(CONTRACT_TRANSITIONS[old])) or "none"
        raise TransitionError(
            Sentence(
                N_("a contract cannot move from '%(old)s' to '%(new)s' (allowed: %(allowed)s)"),
                old=str(old),
                new=str(new),
                allowed=allowed,
            ),
            field="status",
            value=str(new),
        )


# ---------------------------------------------------------------- nodes


class NodeBase(BaseModel):
    """Fields every node has. Subclasses add their own and name their ``KIND``."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, validate_assignment=True, frozen=True
    )

    KIND: ClassVar[NodeKind]
    LABEL_FIELD: ClassVar[str] = "name"
    SYSTEM_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"id", "territory_id", "created_at", "updated_at", "version"}
    )

    id: NodeId
    territory_id: NodeId | None = None
    created_at: datetime
    updated_at: datetime
    version: int = Field(default=1, ge=1)

    @property
    def label(self) -> str:
        return str(getattr(self, self.LABEL_FIELD))

    @model_validator(mode="after")
    def _territory_required(self) -> NodeBase:
        if self.KIND is not NodeKind.TERRITORY and self.territory_id is None:
            raise ValueError(Sentence(N_("territory_id is required")))
        return self

    def fields(self) -> dict[str, Any]:
        """The node's own fields (no system fields), JSON-ready."""
        data = self.model_dump(mode="json")
        return {k: v for k, v in data.items() if k not in self.SYSTEM_FIELDS}

    def to_json(self) -> dict[str, Any]:
        """The whole node, JSON-ready, with its node ``type`` (the label, e.g. "Actor")."""
        return {"type": self.KIND.value, **self.model_dump(mode="json")}


class _Dated(NodeBase):
    """A node with an optional period; ``ends_on`` may not come before ``starts_on``."""

    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="after")
    def _date_order(self) -> _Dated:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(
                Sentence(
                    N_("ends_on (%(ends)s) is before starts_on (%(starts)s)"),
                    ends=str(self.ends_on),
                    starts=str(self.starts_on),
                )
            )
        return self


class Territory(NodeBase):
    KIND = NodeKind.TERRITORY
    name: Name
    country: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    description: Text = ""
    spiral_cycle: int = Field(default=1, ge=1, le=3)
    shared: bool = False
    published: bool = False
    """Whether residents see the territory's public page (/public/{id}); admins decide."""


class Actor(NodeBase):
    KIND = NodeKind.ACTOR
    name: Name
    sector: Sector
    scale: Scale = Scale.MUNICIPAL
    description: Text = ""
    influence: Level = 3
    interest: Level = 3
    profile: ShortText = ""
    size: int | None = Field(default=None, ge=0)
    website: ShortText = ""


class Topic(NodeBase):
    KIND = NodeKind.TOPIC
    name: Name
    dimension: Dimension
    component: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^([A-I][0-9]{2})?$")
    ] = ""
    description: Text = ""


class Criterion(NodeBase):
    KIND = NodeKind.CRITERION
    LABEL_FIELD = "text"
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    question: Question
    dimension: Dimension | None = None
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^([A-I][0-9]{2})?$")
    ] = ""
    meaning: Meaning | None = None
    object: ShortText = ""
    beneficiary: ShortText = ""


class Indicator(NodeBase):
    KIND = NodeKind.INDICATOR
    name: Name
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = ""
    description: Text = ""
    level_1: ShortText = ""
    level_2: ShortText = ""
    level_3: ShortText = ""
    level_4: ShortText = ""
    level_5: ShortText = ""
    direction: Direction = Direction.HIGHER_IS_BETTER
    target_level: Level | None = None


class Measurement(NodeBase):
    KIND = NodeKind.MEASUREMENT
    LABEL_FIELD = "on"
    on: date
    value: float
    level: Level | None = None
    source: ShortText = ""


class Commitment(_Dated):
    KIND = NodeKind.COMMITMENT
    LABEL_FIELD = "title"
    title: Name
    description: Text = ""
    status: CommitmentStatus = CommitmentStatus.PROPOSED
    resources: ShortText = ""
    progress: Progress = 0
    horizon: Horizon = Horizon.SHORT
    uses_non_renewable: bool = False


class Contract(NodeBase):
    KIND = NodeKind.CONTRACT
    LABEL_FIELD = "title"
    title: Name
    objective: Text = ""
    status: ContractStatus = ContractStatus.DRAFT
    signed_on: date | None = None
    duration_months: int | None = Field(default=None, ge=1, le=240)
    review_on: date | None = None
    origin: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    @model_validator(mode="after")
    def _review_after_signature(self) -> Contract:
        if self.signed_on and self.review_on and self.review_on < self.signed_on:
            raise ValueError(
                Sentence(
                    N_("review_on (%(review)s) is before signed_on (%(signed)s)"),
                    review=str(self.review_on),
                    signed=str(self.signed_on),
                )
            )
        return self


class Action(_Dated):
    KIND = NodeKind.ACTION
    LABEL_FIELD = "title"
    title: Name
    description: Text = ""
    kind: ActionKind = ActionKind.PILOT
    status: ActionStatus = ActionStatus.PLANNED
    progress: Progress = 0


class FutureConcern(NodeBase):
    KIND = NodeKind.FUTURE_CONCERN
    LABEL_FIELD = "title"
    title: Name
    description: Text = ""
    horizon_years: int = Field(default=30, ge=1, le=1000)


class Evaluation(NodeBase):
    KIND = NodeKind.EVALUATION
    LABEL_FIELD = "on"
    phase: EvaluationPhase
    level: Level
    on: date
    comment: Text = ""


NODE_MODELS: dict[NodeKind, type[NodeBase]] = {
    m.KIND: m
    for m in (
        Territory,
        Actor,
        Topic,
        Criterion,
        Indicator,
        Measurement,
        Commitment,
        Contract,
        Action,
        FutureConcern,
        Evaluation,
    )
}

Node = NodeBase

# Fields a list filter may use, per kind (the rest are refused with a clear message).
FILTERABLE: dict[str, frozenset[NodeKind]] = {
    "sector": frozenset({NodeKind.ACTOR}),
    "dimension": frozenset({NodeKind.TOPIC, NodeKind.CRITERION}),
    "status": frozenset({NodeKind.COMMITMENT, NodeKind.CONTRACT, NodeKind.ACTION}),
    "question": frozenset({NodeKind.CRITERION}),
}


# ---------------------------------------------------------------- relationships


class RelType(StrEnum):
    WORKS_ON = "WORKS_ON"
    COLLABORATES_WITH = "COLLABORATES_WITH"
    FUNDS = "FUNDS"
    MEMBER_OF = "MEMBER_OF"
    REPRESENTS = "REPRESENTS"
    MADE = "MADE"
    PART_OF = "PART_OF"
    SIGNED = "SIGNED"
    ADDRESSES = "ADDRESSES"
    TARGETS = "TARGETS"
    EXPRESSED = "EXPRESSED"
    ABOUT = "ABOUT"
    INFORMS = "INFORMS"
    MEASURES = "MEASURES"
    HAS = "HAS"
    CONCERNS = "CONCERNS"
    IMPLEMENTS = "IMPLEMENTS"
    LEADS = "LEADS"
    GAVE = "GAVE"
    OF = "OF"


_K = NodeKind
# Which kinds each relationship may join, from -> to. Anything else is refused.
ENDPOINTS: dict[RelType, frozenset[tuple[NodeKind, NodeKind]]] = {
    RelType.WORKS_ON: frozenset({(_K.ACTOR, _K.TOPIC)}),
    RelType.COLLABORATES_WITH: frozenset({(_K.ACTOR, _K.ACTOR)}),
    RelType.FUNDS: frozenset({(_K.ACTOR, _K.ACTOR)}),
    RelType.MEMBER_OF: frozenset({(_K.ACTOR, _K.ACTOR)}),
    RelType.REPRESENTS: frozenset({(_K.ACTOR, _K.ACTOR)}),
    RelType.MADE: frozenset({(_K.ACTOR, _K.COMMITMENT)}),
    RelType.PART_OF: frozenset({(_K.COMMITMENT, _K.CONTRACT), (_K.COMMITMENT, _K.ACTION)}),
    RelType.SIGNED: frozenset({(_K.ACTOR, _K.CONTRACT)}),
    RelType.ADDRESSES: frozenset(
        {
            (_K.COMMITMENT, _K.TOPIC),
            (_K.COMMITMENT, _K.INDICATOR),
            (_K.COMMITMENT, _K.FUTURE_CONCERN),
        }
    ),
    RelType.TARGETS: frozenset(
        {
            (_K.CONTRACT, _K.INDICATOR),
            (_K.CONTRACT, _K.TOPIC),
            (_K.CONTRACT, _K.FUTURE_CONCERN),
            (_K.ACTION, _K.INDICATOR),
            (_K.ACTION, _K.TOPIC),
        }
    ),
    RelType.EXPRESSED: frozenset({(_K.ACTOR, _K.CRITERION)}),
    RelType.ABOUT: frozenset({(_K.CRITERION, _K.TOPIC)}),
    RelType.INFORMS: frozenset({(_K.CRITERION, _K.INDICATOR)}),
    RelType.MEASURES: frozenset({(_K.INDICATOR, _K.TOPIC)}),
    RelType.HAS: frozenset({(_K.INDICATOR, _K.MEASUREMENT)}),
    RelType.CONCERNS: frozenset({(_K.FUTURE_CONCERN, _K.TOPIC), (_K.FUTURE_CONCERN, _K.INDICATOR)}),
    RelType.IMPLEMENTS: frozenset({(_K.ACTION, _K.CONTRACT)}),
    RelType.LEADS: frozenset({(_K.ACTOR, _K.ACTION)}),
    RelType.GAVE: frozenset({(_K.ACTOR, _K.EVALUATION)}),
    RelType.OF: frozenset(
        {(_K.EVALUATION, _K.CONTRACT), (_K.EVALUATION, _K.ACTION), (_K.EVALUATION, _K.COMMITMENT)}
    ),
}


class _Props(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class NoProps(_Props):
    pass


class WorksOnProps(_Props):
    intensity: Level = 3


class CollaboratesProps(_Props):
    since: date | None = None
    strength: Level = 3
    evidence: ShortText = ""


class SignedProps(_Props):
    role: SignatoryRole = SignatoryRole.SIGNATORY
    on: date | None = None


class FundsProps(_Props):
    amount: float | None = Field(default=None, ge=0)
    since: date | None = None


PROPS_MODELS: dict[RelType, type[_Props]] = {
    RelType.WORKS_ON: WorksOnProps,
    RelType.COLLABORATES_WITH: CollaboratesProps,
    RelType.SIGNED: SignedProps,
    RelType.FUNDS: FundsProps,
}


class Relationship(BaseModel):
    """A typed, directed link; ``properties`` are validated against the type's own model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: RelType
    from_id: NodeId
    to_id: NodeId
    properties: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _valid_properties(self) -> Relationship:
        props = PROPS_MODELS.get(self.type, NoProps).model_validate(self.properties)
        object.__setattr__(self, "properties", props.model_dump(mode="json"))
        if self.from_id == self.to_id:
            raise ValueError(
                Sentence(
                    N_("a %(type)s relationship cannot join '%(id)s' to itself"),
                    type=str(self.type),
                    id=self.from_id,
                )
            )
        return self

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.from_id, self.type.value, self.to_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "from": self.from_id,
            "to": self.to_id,
            "properties": dict(sorted(self.properties.items())),
        }


def check_endpoints(rel_type: RelType, from_kind: NodeKind, to_kind: NodeKind) -> None:
    """Refuse a relationship between the wrong kinds of node (MADE goes Actor -> Commitment)."""
    allowed = ENDPOINTS[rel_type]
    if (from_kind, to_kind) not in allowed:
        shapes = ", ".join(sorted(f"{a} -> {b}" for a, b in allowed))
        raise ValidationError(
            Sentence(
                N_("%(type)s cannot go from a %(from)s to a %(to)s (allowed: %(shapes)s)"),
                type=str(rel_type),
                to=str(to_kind),
                shapes=shapes,
                **{"from": str(from_kind)},
            ),
            field="type",
            value=str(rel_type),
        )


# ---------------------------------------------------------------- accounts and audit


Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    ),
]


class User(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NodeId
    email: Email
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    password_hash: str = ""
    created_at: datetime
    active: bool = True


class Membership(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: NodeId
    territory_id: NodeId
    role: Role


class ApiToken(BaseModel):
    """A partner tool's token: only its hash is stored; the token itself is shown once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NodeId
    territory_id: NodeId
    user_id: NodeId | None = None
    name: ShortText = ""
    scope: TokenScope
    token_hash: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class Session(BaseModel):
    """A web session; ``token_hash`` is the hash of the cookie value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    token_hash: str
    user_id: NodeId
    created_at: datetime
    expires_at: datetime


class Invitation(BaseModel):
    """An admin's invitation of an e-mail to a role: only the hash of its token is stored; the
    token is shown once to the admin, who passes it on. Accepted once, by the invited e-mail."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NodeId
    territory_id: NodeId
    email: Email
    role: Role
    token_hash: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    accepted_by: NodeId | None = None


class LoginFailures(BaseModel):
    """Failed sign-ins counted under one key (an account or an address), for throttling."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    count: int
    last_at: datetime


class ChangeOp(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LINK = "link"
    UNLINK = "unlink"


class Change(BaseModel):
    """One entry of the audit log: who changed what, when, from what to what.

    ``seq`` grows with every change in a store, so a reader can follow the log from a point.
    ``target`` is a node id, or ``from|TYPE|to`` for a relationship.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int
    territory_id: NodeId
    at: datetime
    by: str
    op: ChangeOp
    target: str
    target_type: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class Comment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NodeId
    territory_id: NodeId
    node_id: NodeId
    author_id: str
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
    created_at: datetime


class Decision(BaseModel):
    """What a facilitator decided about a contract suggestion (recorded, never lost)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NodeId
    territory_id: NodeId
    suggestion_id: Annotated[str, StringConstraints(max_length=200)]
    decision: SuggestionDecision
    note: Text = ""
    explanation: Text = ""
    """The suggestion's explanation as it was decided on (the analysis may change later)."""
    contract_id: NodeId | None = None
    by: str
    at: datetime


# ---------------------------------------------------------------- parsing helpers


PYDANTIC: dict[str, str] = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a field of this kind of node"),
    "string_too_long": N_("has at most %(max_length)s characters"),
    "string_too_short": N_("has at least %(min_length)s characters"),
    "too_long": N_("has at most %(max_length)s items"),
    "too_short": N_("has at least %(min_length)s items"),
    "greater_than_equal": N_("is at least %(ge)s"),
    "less_than_equal": N_("is at most %(le)s"),
    "greater_than": N_("is more than %(gt)s"),
    "less_than": N_("is less than %(lt)s"),
    "enum": N_("is one of %(expected)s"),
    "literal_error": N_("is one of %(expected)s"),
    "string_type": N_("is a text"),
    "int_parsing": N_("is a whole number"),
    "int_type": N_("is a whole number"),
    "int_from_float": N_("is a whole number"),
    "float_parsing": N_("is a number"),
    "float_type": N_("is a number"),
    "bool_parsing": N_("is true or false"),
    "bool_type": N_("is true or false"),
    "date_parsing": N_("is a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("is a date (YYYY-MM-DD)"),
    "date_type": N_("is a date (YYYY-MM-DD)"),
    "datetime_parsing": N_("is a date and time (ISO 8601)"),
    "datetime_from_date_parsing": N_("is a date and time (ISO 8601)"),
    "datetime_type": N_("is a date and time (ISO 8601)"),
    "string_pattern_mismatch": N_("does not have the expected form"),
    "list_type": N_("is a list"),
    "dict_type": N_("is an object"),
    "url_parsing": N_("is a web address"),
}
"""pydantic's error types in pactmap's words, for the catalogs (its ``ctx`` fills them)."""


def problems_of(exc: PydanticValidationError, *, prefix: str = "") -> list[Problem]:
    """pydantic's errors as :class:`Problem` objects whose message the catalogs translate; an
    error type not listed keeps pydantic's English message."""
    problems = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(node)"
        problems.append(Problem(field=prefix + loc, message=_message(err), value=err.get("input")))
    return problems


def _message(err: Any) -> str:
    ctx = dict(err.get("ctx") or {})
    if err["type"] == "value_error":
        raised = ctx.get("error")
        said = raised.args[0] if isinstance(raised, ValueError) and raised.args else None
        return said if isinstance(said, str) else str(err["msg"]).removeprefix("Value error, ")
    msgid = PYDANTIC.get(err["type"])
    if msgid is None:
        return str(err["msg"])
    values = {k: str(v) for k, v in ctx.items() if f"%({k})s" in msgid}
    if len(values) != msgid.count("%("):
        return str(err["msg"])
    return Sentence(msgid, **values)


def parse_kind(value: str) -> NodeKind:
    try:
        return NodeKind(value)
    except ValueError:
        names = ", ".join(k.value for k in NodeKind)
        raise ValidationError(
            Sentence(
                N_("unknown node type '%(value)s' (known: %(names)s)"), value=value, names=names
            ),
            field="type",
            value=value,
        ) from None


def parse_rel_type(value: str) -> RelType:
    try:
        return RelType(value)
    except ValueError:
        names = ", ".join(t.value for t in RelType)
        raise ValidationError(
            Sentence(
                N_("unknown relationship type '%(value)s' (known: %(names)s)"),
                value=value,
                names=names,
            ),
            field="type",
            value=value,
        ) from None


def territory_of(node: NodeBase) -> str:
    """The territory a node belongs to (a Territory's own id)."""
    return node.id if node.territory_id is None else node.territory_id


def build_node(kind: NodeKind, data: Mapping[str, Any]) -> NodeBase:
    """Validate a whole node (system fields included) or raise a ValidationError listing all."""
    try:
        return NODE_MODELS[kind].model_validate(dict(data))
    except PydanticValidationError as exc:
        raise ValidationError(problems_of(exc)) from None


def new_node(
    kind: NodeKind,
    fields: Mapping[str, Any],
    *,
    node_id: str,
    territory_id: str | None,
    now: datetime | None = None,
) -> NodeBase:
    """A node about to be created: ``fields`` must not carry system fields."""
    system = sorted(set(fields) & NodeBase.SYSTEM_FIELDS)
    if system:
        raise ValidationError(
            Sentence(N_("'%(field)s' is set by the store, not by the caller"), field=system[0]),
            field=system[0],
        )
    now = now or utcnow()
    return build_node(
        kind,
        {
            **fields,
            "id": node_id,
            "territory_id": territory_id,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        },
    )


def apply_changes(
    node: NodeBase, changes: Mapping[str, Any], *, now: datetime | None = None
) -> NodeBase:
    """The node with ``changes`` applied and its version bumped, validated as a whole.

    A contract's status may only make the moves of its life cycle.
    """
    system = sorted(set(changes) & NodeBase.SYSTEM_FIELDS)
    if system:
        raise ValidationError(
            Sentence(N_("'%(field)s' cannot be changed by an update"), field=system[0]),
            field=system[0],
        )
    data = node.model_dump()
    data.update(changes)
    data["version"] = node.version + 1
    data["updated_at"] = now or utcnow()
    updated = build_node(node.KIND, data)
    if isinstance(node, Contract) and isinstance(updated, Contract):
        check_contract_transition(node.status, updated.status)
    return updated


def build_relationship(
    rel_type: str | RelType, from_id: str, to_id: str, properties: Mapping[str, Any] | None = None
) -> Relationship:
    try:
        return Relationship(
            type=parse_rel_type(str(rel_type)),
            from_id=from_id,
            to_id=to_id,
            properties=dict(properties or {}),
        )
    except PydanticValidationError as exc:
        raise ValidationError(problems_of(exc)) from None


def rel_target(rel: Relationship) -> str:
    """How the change log names a relationship."""
    return f"{rel.from_id}|{rel.type.value}|{rel.to_id}"


ROLE_RANK: dict[Role, int] = {
    Role.VIEWER: 0,
    Role.FACILITATOR: 1,
    Role.COORDINATOR: 2,
    Role.ADMIN: 3,
}
