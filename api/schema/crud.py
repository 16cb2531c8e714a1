# mypy: disable-error-code="untyped-decorator"
"""create / update / delete for every node kind: ``create<Kind>(input:)``,
``update<Kind>(id:, expectedVersion:, input:)`` and ``delete<Kind>(id:, expectedVersion:)``.
Each is one line calling :mod:`.edits`; the names are the ones partner tools rely on."""

from __future__ import annotations

import strawberry
from pactmap.graph.model import NodeKind

from . import edits
from .inputs import (
    CreateActionInput,
    CreateActorInput,
    CreateCommitmentInput,
    CreateContractInput,
    CreateCriterionInput,
    CreateEvaluationInput,
    CreateFutureConcernInput,
    CreateIndicatorInput,
    CreateMeasurementInput,
    CreateTopicInput,
    UpdateActionInput,
    UpdateActorInput,
    UpdateCommitmentInput,
    UpdateContractInput,
    UpdateCriterionInput,
    UpdateEvaluationInput,
    UpdateFutureConcernInput,
    UpdateIndicatorInput,
    UpdateMeasurementInput,
    UpdateTerritoryInput,
    UpdateTopicInput,
)
from .nodes import (
    Action,
    Actor,
    Commitment,
    Contract,
    Criterion,
    Evaluation,
    FutureConcern,
    Indicator,
    Info,
    Measurement,
    Territory,
    Topic,
)
from .results import (
    ActionResult,
    ActorResult,
    CommitmentResult,
    ContractResult,
    CriterionResult,
    DeleteResult,
    EvaluationResult,
    FutureConcernResult,
    IndicatorResult,
    MeasurementResult,
    TerritoryResult,
    TopicResult,
)


@strawberry.type
class CrudMutation:
    @strawberry.mutation
    async def update_territory(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateTerritoryInput
    ) -> TerritoryResult:
        return await edits.update(info, NodeKind.TERRITORY, id, expected_version, input, Territory)

    @strawberry.mutation
    async def delete_territory(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.TERRITORY, id, expected_version)

    @strawberry.mutation
    async def create_actor(self, info: Info, input: CreateActorInput) -> ActorResult:
        return await edits.create(info, NodeKind.ACTOR, input, Actor)

    @strawberry.mutation
    async def update_actor(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateActorInput
    ) -> ActorResult:
        return await edits.update(info, NodeKind.ACTOR, id, expected_version, input, Actor)

    @strawberry.mutation
    async def delete_actor(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.ACTOR, id, expected_version)

    @strawberry.mutation
    async def create_topic(self, info: Info, input: CreateTopicInput) -> TopicResult:
        return await edits.create(info, NodeKind.TOPIC, input, Topic)

    @strawberry.mutation
    async def update_topic(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateTopicInput
    ) -> TopicResult:
        return await edits.update(info, NodeKind.TOPIC, id, expected_version, input, Topic)

    @strawberry.mutation
    async def delete_topic(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.TOPIC, id, expected_version)

    @strawberry.mutation
    async def create_criterion(self, info: Info, input: CreateCriterionInput) -> CriterionResult:
        return await edits.create(info, NodeKind.CRITERION, input, Criterion)

    @strawberry.mutation
    async def update_criterion(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateCriterionInput
    ) -> CriterionResult:
        return await edits.update(info, NodeKind.CRITERION, id, expected_version, input, Criterion)

    @strawberry.mutation
    async def delete_criterion(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.CRITERION, id, expected_version)

    @strawberry.mutation
    async def create_indicator(self, info: Info, input: CreateIndicatorInput) -> IndicatorResult:
        return await edits.create(info, NodeKind.INDICATOR, input, Indicator)

    @strawberry.mutation
    async def update_indicator(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateIndicatorInput
    ) -> IndicatorResult:
        return await edits.update(info, NodeKind.INDICATOR, id, expected_version, input, Indicator)

    @strawberry.mutation
    async def delete_indicator(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.INDICATOR, id, expected_version)

    @strawberry.mutation
    async def create_measurement(
        self, info: Info, input: CreateMeasurementInput
    ) -> MeasurementResult:
        return await edits.create(info, NodeKind.MEASUREMENT, input, Measurement)

    @strawberry.mutation
    async def update_measurement(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateMeasurementInput
    ) -> MeasurementResult:
        return await edits.update(
            info, NodeKind.MEASUREMENT, id, expected_version, input, Measurement
        )

    @strawberry.mutation
    async def delete_measurement(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.MEASUREMENT, id, expected_version)

    @strawberry.mutation
    async def create_commitment(self, info: Info, input: CreateCommitmentInput) -> CommitmentResult:
        return await edits.create(info, NodeKind.COMMITMENT, input, Commitment)

    @strawberry.mutation
    async def update_commitment(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateCommitmentInput
    ) -> CommitmentResult:
        return await edits.update(
            info, NodeKind.COMMITMENT, id, expected_version, input, Commitment
        )

    @strawberry.mutation
    async def delete_commitment(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.COMMITMENT, id, expected_version)

    @strawberry.mutation
    async def create_contract(self, info: Info, input: CreateContractInput) -> ContractResult:
        return await edits.create(info, NodeKind.CONTRACT, input, Contract)

    @strawberry.mutation
    async def update_contract(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateContractInput
    ) -> ContractResult:
        return await edits.update(info, NodeKind.CONTRACT, id, expected_version, input, Contract)

    @strawberry.mutation
    async def delete_contract(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.CONTRACT, id, expected_version)

    @strawberry.mutation
    async def create_action(self, info: Info, input: CreateActionInput) -> ActionResult:
        return await edits.create(info, NodeKind.ACTION, input, Action)

    @strawberry.mutation
    async def update_action(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateActionInput
    ) -> ActionResult:
        return await edits.update(info, NodeKind.ACTION, id, expected_version, input, Action)

    @strawberry.mutation
    async def delete_action(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.ACTION, id, expected_version)

    @strawberry.mutation
    async def create_future_concern(
        self, info: Info, input: CreateFutureConcernInput
    ) -> FutureConcernResult:
        return await edits.create(info, NodeKind.FUTURE_CONCERN, input, FutureConcern)

    @strawberry.mutation
    async def update_future_concern(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateFutureConcernInput
    ) -> FutureConcernResult:
        return await edits.update(
            info, NodeKind.FUTURE_CONCERN, id, expected_version, input, FutureConcern
        )

    @strawberry.mutation
    async def delete_future_concern(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.FUTURE_CONCERN, id, expected_version)

    @strawberry.mutation
    async def create_evaluation(self, info: Info, input: CreateEvaluationInput) -> EvaluationResult:
        return await edits.create(info, NodeKind.EVALUATION, input, Evaluation)

    @strawberry.mutation
    async def update_evaluation(
        self, info: Info, id: strawberry.ID, expected_version: int, input: UpdateEvaluationInput
    ) -> EvaluationResult:
        return await edits.update(
            info, NodeKind.EVALUATION, id, expected_version, input, Evaluation
        )

    @strawberry.mutation
    async def delete_evaluation(
        self, info: Info, id: strawberry.ID, expected_version: int
    ) -> DeleteResult:
        return await edits.delete(info, NodeKind.EVALUATION, id, expected_version)
