// One update mutation per node kind (updateActor ... updateEvaluation), each answering its kind's
// fields or a typed error; lib/nodeApi.ts updateNode picks the kind's.
import { graphql } from "../generated/gql";
import type { NodeKind } from "../lib/types";

export const UPDATES = {
  Actor: graphql(`
    mutation UpdateActor($id: ID!, $v: Int!, $input: UpdateActorInput!) {
      result: updateActor(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Actor {
          id
          label
          version
          updatedAt
          ...ActorFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Topic: graphql(`
    mutation UpdateTopic($id: ID!, $v: Int!, $input: UpdateTopicInput!) {
      result: updateTopic(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Topic {
          id
          label
          version
          updatedAt
          ...TopicFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Criterion: graphql(`
    mutation UpdateCriterion($id: ID!, $v: Int!, $input: UpdateCriterionInput!) {
      result: updateCriterion(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Criterion {
          id
          label
          version
          updatedAt
          ...CriterionFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Indicator: graphql(`
    mutation UpdateIndicator($id: ID!, $v: Int!, $input: UpdateIndicatorInput!) {
      result: updateIndicator(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Indicator {
          id
          label
          version
          updatedAt
          ...IndicatorFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Measurement: graphql(`
    mutation UpdateMeasurement($id: ID!, $v: Int!, $input: UpdateMeasurementInput!) {
      result: updateMeasurement(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Measurement {
          id
          label
          version
          updatedAt
          ...MeasurementFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Commitment: graphql(`
    mutation UpdateCommitment($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) {
      result: updateCommitment(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Commitment {
          id
          label
          version
          updatedAt
          ...CommitmentFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Contract: graphql(`
    mutation UpdateContract($id: ID!, $v: Int!, $input: UpdateContractInput!) {
      result: updateContract(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Contract {
          id
          label
          version
          updatedAt
          ...ContractFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Action: graphql(`
    mutation UpdateAction($id: ID!, $v: Int!, $input: UpdateActionInput!) {
      result: updateAction(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Action {
          id
          label
          version
          updatedAt
          ...ActionFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  FutureConcern: graphql(`
    mutation UpdateFutureConcern($id: ID!, $v: Int!, $input: UpdateFutureConcernInput!) {
      result: updateFutureConcern(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on FutureConcern {
          id
          label
          version
          updatedAt
          ...FutureConcernFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
  Evaluation: graphql(`
    mutation UpdateEvaluation($id: ID!, $v: Int!, $input: UpdateEvaluationInput!) {
      result: updateEvaluation(id: $id, expectedVersion: $v, input: $input) {
        __typename
        ... on Evaluation {
          id
          label
          version
          updatedAt
          ...EvaluationFields
        }
        ...ValidationErrorFields
        ...VersionConflictFields
        ...NotFoundFields
        ...PermissionDeniedFields
      }
    }
  `),
} satisfies Record<NodeKind, unknown>;
