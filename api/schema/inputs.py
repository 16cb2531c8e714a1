# mypy: disable-error-code="untyped-decorator"
"""Mutation inputs for every node kind: ``Create<Kind>Input`` and ``Update<Kind>Input``.

Fields are named as in the domain model (camelCase in GraphQL). Create inputs require what the
model requires and carry ``territoryId``; fields left out take the model's defaults. Update
inputs change only the fields given (``null`` clears an optional field). The model validates
everything: these types only shape the input. A test checks they cover the model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from pactmap.graph import model
from strawberry import UNSET

from . import enums as _enums  # noqa: F401 - registers the model's enums with strawberry


def given_fields(data: object, *, skip: tuple[str, ...] = ("territory_id",)) -> dict[str, Any]:
    """The fields a client gave in an input object (left-out ones are UNSET)."""
    return {
        name: value for name, value in vars(data).items() if value is not UNSET and name not in skip
    }


@strawberry.input
class CreateTerritoryInput:
    name: str
    country: str | None = UNSET
    description: str | None = UNSET
    spiral_cycle: int | None = UNSET
    shared: bool | None = UNSET
    published: bool | None = UNSET


@strawberry.input
class UpdateTerritoryInput:
    name: str | None = UNSET
    country: str | None = UNSET
    description: str | None = UNSET
    spiral_cycle: int | None = UNSET
    shared: bool | None = UNSET
    published: bool | None = UNSET


@strawberry.input
class CreateActorInput:
    territory_id: strawberry.ID
    name: str
    sector: model.Sector
    scale: model.Scale | None = UNSET
    description: str | None = UNSET
    influence: int | None = UNSET
    interest: int | None = UNSET
    profile: str | None = UNSET
    size: int | None = UNSET
    website: str | None = UNSET


@strawberry.input
class UpdateActorInput:
    name: str | None = UNSET
    sector: model.Sector | None = UNSET
    scale: model.Scale | None = UNSET
    description: str | None = UNSET
    influence: int | None = UNSET
    interest: int | None = UNSET
    profile: str | None = UNSET
    size: int | None = UNSET
    website: str | None = UNSET


@strawberry.input
class CreateTopicInput:
    territory_id: strawberry.ID
    name: str
    dimension: model.Dimension
    component: str | None = UNSET
    description: str | None = UNSET


@strawberry.input
class UpdateTopicInput:
    name: str | None = UNSET
    dimension: model.Dimension | None = UNSET
    component: str | None = UNSET
    description: str | None = UNSET


@strawberry.input
class CreateCriterionInput:
    territory_id: strawberry.ID
    text: str
    question: model.Question
    dimension: model.Dimension | None = UNSET
    code: str | None = UNSET
    meaning: model.Meaning | None = UNSET
    object: str | None = UNSET
    beneficiary: str | None = UNSET


@strawberry.input
class UpdateCriterionInput:
    text: str | None = UNSET
    question: model.Question | None = UNSET
    dimension: model.Dimension | None = UNSET
    code: str | None = UNSET
    meaning: model.Meaning | None = UNSET
    object: str | None = UNSET
    beneficiary: str | None = UNSET


@strawberry.input
class CreateIndicatorInput:
    territory_id: strawberry.ID
    name: str
    unit: str | None = UNSET
    description: str | None = UNSET
    level_1: str | None = UNSET
    level_2: str | None = UNSET
    level_3: str | None = UNSET
    level_4: str | None = UNSET
    level_5: str | None = UNSET
    direction: model.Direction | None = UNSET
    target_level: int | None = UNSET


@strawberry.input
class UpdateIndicatorInput:
    name: str | None = UNSET
    unit: str | None = UNSET
    description: str | None = UNSET
    level_1: str | None = UNSET
    level_2: str | None = UNSET
    level_3: str | None = UNSET
    level_4: str | None = UNSET
    level_5: str | None = UNSET
    direction: model.Direction | None = UNSET
    target_level: int | None = UNSET


@strawberry.input
class CreateMeasurementInput:
    territory_id: strawberry.ID
    on: date
    value: float
    level: int | None = UNSET
    source: str | None = UNSET


@strawberry.input
class UpdateMeasurementInput:
    on: date | None = UNSET
    value: float | None = UNSET
    level: int | None = UNSET
    source: str | None = UNSET


@strawberry.input
class CreateCommitmentInput:
    territory_id: strawberry.ID
    title: str
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    description: str | None = UNSET
    status: model.CommitmentStatus | None = UNSET
    resources: str | None = UNSET
    progress: int | None = UNSET
    horizon: model.Horizon | None = UNSET
    uses_non_renewable: bool | None = UNSET


@strawberry.input
class UpdateCommitmentInput:
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    title: str | None = UNSET
    description: str | None = UNSET
    status: model.CommitmentStatus | None = UNSET
    resources: str | None = UNSET
    progress: int | None = UNSET
    horizon: model.Horizon | None = UNSET
    uses_non_renewable: bool | None = UNSET


@strawberry.input
class CreateContractInput:
    territory_id: strawberry.ID
    title: str
    objective: str | None = UNSET
    status: model.ContractStatus | None = UNSET
    signed_on: date | None = UNSET
    duration_months: int | None = UNSET
    review_on: date | None = UNSET
    origin: str | None = UNSET


@strawberry.input
class UpdateContractInput:
    title: str | None = UNSET
    objective: str | None = UNSET
    status: model.ContractStatus | None = UNSET
    signed_on: date | None = UNSET
    duration_months: int | None = UNSET
    review_on: date | None = UNSET
    origin: str | None = UNSET


@strawberry.input
class CreateActionInput:
    territory_id: strawberry.ID
    title: str
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    description: str | None = UNSET
    kind: model.ActionKind | None = UNSET
    status: model.ActionStatus | None = UNSET
    progress: int | None = UNSET


@strawberry.input
class UpdateActionInput:
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    title: str | None = UNSET
    description: str | None = UNSET
    kind: model.ActionKind | None = UNSET
    status: model.ActionStatus | None = UNSET
    progress: int | None = UNSET


@strawberry.input
class CreateFutureConcernInput:
    territory_id: strawberry.ID
    title: str
    description: str | None = UNSET
    horizon_years: int | None = UNSET


@strawberry.input
class UpdateFutureConcernInput:
    title: str | None = UNSET
    description: str | None = UNSET
    horizon_years: int | None = UNSET


@strawberry.input
class CreateEvaluationInput:
    territory_id: strawberry.ID
    phase: model.EvaluationPhase
    level: int
    on: date
    comment: str | None = UNSET


@strawberry.input
class UpdateEvaluationInput:
    phase: model.EvaluationPhase | None = UNSET
    level: int | None = UNSET
    on: date | None = UNSET
    comment: str | None = UNSET


CREATE_INPUTS: dict[model.NodeKind, type[Any]] = {
    kind: globals()[f"Create{kind.value}Input"] for kind in model.NodeKind
}
UPDATE_INPUTS: dict[model.NodeKind, type[Any]] = {
    kind: globals()[f"Update{kind.value}Input"] for kind in model.NodeKind
}
