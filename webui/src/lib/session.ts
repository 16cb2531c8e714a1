// Who is signed in and on which territories, through `me`, `login` and `logout`.
import type { Transport } from "./graphql";

export interface Membership {
  territoryId: string;
  role: string;
  territory: { id: string; name: string; country: string; description: string } | null;
}

export interface Me {
  user: { id: string; email: string; name: string };
  memberships: Membership[];
}

const ME_FIELDS = `user { id email name } memberships { territoryId role territory { id name country description } }`;

export async function fetchMe(api: Transport): Promise<Me | null> {
  const r = await api.request<{ me: Me | null }>(`query Me { me { ${ME_FIELDS} } }`);
  return r.me;
}

export async function login(api: Transport, email: string, password: string): Promise<Me | { error: string }> {
  const r = await api.request<{ login: (Me & { __typename: "Me" }) | { __typename: "PermissionDenied"; message: string } }>(
    `mutation Login($email: String!, $password: String!) {
       login(email: $email, password: $password) {
         __typename
         ... on Me { ${ME_FIELDS} }
         ... on PermissionDenied { message }
       }
     }`,
    { email, password },
  );
  if (r.login.__typename === "Me") return r.login as Me;
  return { error: (r.login as { message: string }).message };
}

export async function logout(api: Transport): Promise<void> {
  await api.request<{ logout: boolean }>(`mutation { logout }`);
}

export function canEdit(role: string | null): boolean {
  return role === "ADMIN" || role === "COORDINATOR";
}

export function canDraft(role: string | null): boolean {
  return role === "ADMIN" || role === "COORDINATOR" || role === "FACILITATOR";
}
