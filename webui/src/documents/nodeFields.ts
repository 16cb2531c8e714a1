// Each node kind's own fields, one fragment per kind (the names of lib/fields.ts FIELDS, which
// the forms edit; nodeApi.test.ts checks the two agree). Each kind's NodeDetail query and update
// mutation spread its kind's, the contract and indicator pages theirs. Read by graphql-codegen,
// nothing to import.
import { graphql } from "../generated/gql";

graphql(`
  fragment ActorFields on Actor {
    name
    sector
    scale
    description
    influence
    interest
    profile
    size
    website
  }
`);

graphql(`
  fragment TopicFields on Topic {
    name
    dimension
    component
    description
  }
`);

graphql(`
  fragment CriterionFields on Criterion {
    text
    question
    dimension
    code
    meaning
  }
`);

graphql(`
  fragment IndicatorFields on Indicator {
    name
    unit
    description
    level1
    level2
    level3
    level4
    level5
    direction
    targetLevel
  }
`);

graphql(`
  fragment MeasurementFields on Measurement {
    on
    value
    level
    source
  }
`);

graphql(`
  fragment CommitmentFields on Commitment {
    title
    description
    status
    startsOn
    endsOn
    resources
    progress
    horizon
    usesNonRenewable
  }
`);

graphql(`
  fragment ContractFields on Contract {
    title
    objective
    signedOn
    durationMonths
    reviewOn
  }
`);

graphql(`
  fragment ActionFields on Action {
    title
    description
    kind
    status
    startsOn
    endsOn
    progress
  }
`);

graphql(`
  fragment FutureConcernFields on FutureConcern {
    title
    description
    horizonYears
  }
`);

graphql(`
  fragment EvaluationFields on Evaluation {
    phase
    level
    on
    comment
  }
`);
