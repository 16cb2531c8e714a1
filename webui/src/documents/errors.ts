// The typed-error members of every mutation's result union, one fragment each; a document spreads
// the ones its union has (api/schema.graphql). Read by graphql-codegen, nothing to import.
import { graphql } from "../generated/gql";

graphql(`
  fragment ValidationErrorFields on ValidationError {
    message
    field
    problems {
      field
      message
    }
  }
`);

graphql(`
  fragment VersionConflictFields on VersionConflict {
    message
    currentVersion
    current
  }
`);

graphql(`
  fragment NotFoundFields on NotFound {
    message
  }
`);

graphql(`
  fragment PermissionDeniedFields on PermissionDenied {
    message
  }
`);
