// Who is signed in and on which territories, through `me`, `login` and `logout`.
import { graphql } from "../generated/gql";
import { execute, type Transport } from "./graphql";

export interface Membership {
  territoryId: string;
  role: string;
  territory: { id: string; name: string; country: string; description: string } | null;
}

export interface Me {
  user: { id: string; email: string; name: string };
  memberships: Membership[];
}

graphql(`
  fragment MeFields on Me {
    user {
      id
      email
      name
    }
    memberships {
      territoryId
      role
      territory {
        id
        name
        country
        description
      }
    }
  }
`);

const ME = graphql(`
  query Me {
    me {
      ...MeFields
    }
  }
`);

const LOGIN = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ...MeFields
      ... on PermissionDenied {
        message
      }
    }
  }
`);

const LOGOUT = graphql(`
  mutation Logout {
    logout
  }
`);

export async function fetchMe(api: Transport): Promise<Me | null> {
  return (await execute(api, ME)).me ?? null;
}

export async function login(
  api: Transport,
  email: string,
  password: string,
): Promise<Me | { error: string }> {
  const r = (await execute(api, LOGIN, { email, password })).login;
  return r.__typename === "Me" ? r : { error: r.message };
}

export async function logout(api: Transport): Promise<void> {
  await execute(api, LOGOUT);
}

export function canEdit(role: string | null): boolean {
  return role === "ADMIN" || role === "COORDINATOR";
}

export function canDraft(role: string | null): boolean {
  return role === "ADMIN" || role === "COORDINATOR" || role === "FACILITATOR";
}
