// One node read in full for the side panel: one query per kind, since the kinds' own fields
// cannot share one selection (Topic's dimension is required, Criterion's optional; each status is
// its own enum). lib/nodeApi.ts fetchNodeDetail picks the kind's.
import { graphql } from "../generated/gql";
import type { NodeKind } from "../lib/types";

graphql(`
  fragment NodeDetailFields on Node {
    __typename
    id
    label
    version
    createdAt
    updatedAt
    links {
      type
      fromId
      toId
      properties
      from {
        __typename
        id
        label
      }
      to {
        __typename
        id
        label
      }
    }
    comments {
      id
      authorId
      text
      createdAt
    }
  }
`);

export const DETAILS = {
  Actor: graphql(`
    query NodeDetailActor($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Actor {
          ...ActorFields
        }
      }
    }
  `),
  Topic: graphql(`
    query NodeDetailTopic($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Topic {
          ...TopicFields
        }
      }
    }
  `),
  Criterion: graphql(`
    query NodeDetailCriterion($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Criterion {
          ...CriterionFields
        }
      }
    }
  `),
  Indicator: graphql(`
    query NodeDetailIndicator($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Indicator {
          ...IndicatorFields
        }
      }
    }
  `),
  Measurement: graphql(`
    query NodeDetailMeasurement($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Measurement {
          ...MeasurementFields
        }
      }
    }
  `),
  Commitment: graphql(`
    query NodeDetailCommitment($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Commitment {
          ...CommitmentFields
        }
      }
    }
  `),
  Contract: graphql(`
    query NodeDetailContract($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Contract {
          ...ContractFields
        }
      }
    }
  `),
  Action: graphql(`
    query NodeDetailAction($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Action {
          ...ActionFields
        }
      }
    }
  `),
  FutureConcern: graphql(`
    query NodeDetailFutureConcern($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on FutureConcern {
          ...FutureConcernFields
        }
      }
    }
  `),
  Evaluation: graphql(`
    query NodeDetailEvaluation($id: ID!) {
      node(id: $id) {
        ...NodeDetailFields
        ... on Evaluation {
          ...EvaluationFields
        }
      }
    }
  `),
} satisfies Record<NodeKind, unknown>;
