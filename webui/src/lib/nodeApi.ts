// Reading one node in full and writing it back, with the typed results of the API.
import { t } from "../i18n";
import { selection } from "./fields";
import type { Transport } from "./graphql";
import type { GqlNode } from "./mapping";
import { fromModelJson } from "./normalize";
import type { NodeKind } from "./types";

export interface LinkDetail {
  type: string;
  fromId: string;
  toId: string;
  properties: Record<string, unknown> | null;
  from: { __typename: string; id: string; label: string } | null;
  to: { __typename: string; id: string; label: string } | null;
}

export interface CommentDetail {
  id: string;
  authorId: string;
  text: string;
  createdAt: string;
}

export interface NodeDetail extends GqlNode {
  __typename: NodeKind;
  id: string;
  label: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  links: LinkDetail[];
  comments: CommentDetail[];
}

export const ERROR_FIELDS = `
  ... on ValidationError { message field problems { field message } }
  ... on VersionConflict { message currentVersion current }
  ... on NotFound { message }
  ... on PermissionDenied { message }
`;

export async function fetchNodeDetail(
  api: Transport,
  id: string,
  kind: NodeKind,
): Promise<NodeDetail | null> {
  const q = `query NodeDetail($id: ID!) {
    node(id: $id) {
      __typename id label version createdAt updatedAt
      ... on ${kind} { ${selection(kind)} }
      links { type fromId toId properties from { __typename id label } to { __typename id label } }
      comments { id authorId text createdAt }
    }
  }`;
  const r = await api.request<{ node: NodeDetail | null }>(q, { id });
  return r.node;
}

export type UpdateOutcome =
  | { ok: true; node: GqlNode }
  | { ok: false; kind: "validation"; message: string; problems: { field: string; message: string }[] }
  | { ok: false; kind: "conflict"; message: string; currentVersion: number; current: Record<string, unknown> }
  | { ok: false; kind: "other"; message: string };

interface RawResult {
  __typename: string;
  message?: string;
  field?: string;
  problems?: { field: string; message: string }[];
  currentVersion?: number;
  current?: Record<string, unknown>;
  [k: string]: unknown;
}

/** A union result of a mutation as an outcome the UI can act on. */
export function outcome(result: RawResult, kind: string): UpdateOutcome {
  if (result.__typename === kind) return { ok: true, node: result as unknown as GqlNode };
  if (result.__typename === "ValidationError") {
    const problems = result.problems?.length
      ? result.problems
      : [{ field: result.field ?? "", message: result.message ?? "" }];
    return { ok: false, kind: "validation", message: result.message ?? t("error.invalid"), problems };
  }
  if (result.__typename === "VersionConflict") {
    return {
      ok: false,
      kind: "conflict",
      message: result.message ?? t("error.conflict"),
      currentVersion: result.currentVersion ?? 0,
      current: fromModelJson(result.current ?? {}),
    };
  }
  return {
    ok: false,
    kind: "other",
    message: result.message ?? t("error.unexpected", { type: result.__typename }),
  };
}

export async function updateNode(
  api: Transport,
  kind: NodeKind,
  id: string,
  expectedVersion: number,
  input: Record<string, unknown>,
): Promise<UpdateOutcome> {
  const q = `mutation Update($id: ID!, $v: Int!, $input: Update${kind}Input!) {
    result: update${kind}(id: $id, expectedVersion: $v, input: $input) {
      __typename
      ... on ${kind} { id label version updatedAt ${selection(kind)} }
      ${ERROR_FIELDS}
    }
  }`;
  const r = await api.request<{ result: RawResult }>(q, { id, v: expectedVersion, input });
  return outcome(r.result, kind);
}

export async function link(
  api: Transport,
  fromId: string,
  toId: string,
  type: string,
  properties?: Record<string, unknown>,
): Promise<string | null> {
  const r = await api.request<{ link: RawResult }>(
    `mutation Link($input: LinkInput!) { link(input: $input) { __typename ${ERROR_FIELDS} } }`,
    { input: { fromId, toId, type, properties: properties ?? null } },
  );
  return r.link.__typename === "Link" ? null : (r.link.message ?? r.link.__typename);
}

export async function unlink(
  api: Transport,
  fromId: string,
  toId: string,
  type: string,
): Promise<string | null> {
  const r = await api.request<{ unlink: RawResult }>(
    `mutation Unlink($input: UnlinkInput!) { unlink(input: $input) { __typename ${ERROR_FIELDS} } }`,
    { input: { fromId, toId, type } },
  );
  return r.unlink.__typename === "Deleted" ? null : (r.unlink.message ?? r.unlink.__typename);
}

export async function addComment(api: Transport, nodeId: string, text: string): Promise<string | null> {
  const r = await api.request<{ addComment: RawResult }>(
    `mutation Comment($nodeId: ID!, $text: String!) { addComment(nodeId: $nodeId, text: $text) { __typename ${ERROR_FIELDS} } }`,
    { nodeId, text },
  );
  return r.addComment.__typename === "Comment" ? null : (r.addComment.message ?? r.addComment.__typename);
}

export interface ChangeEntry {
  seq: number;
  at: string;
  by: string;
  op: string;
  target: string;
  targetType: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function fetchHistory(
  api: Transport,
  territoryId: string,
  opts: { since?: string; first?: number; after?: string | null } = {},
): Promise<{ entries: ChangeEntry[]; total: number; endCursor: string | null; hasNext: boolean }> {
  const r = await api.request<{
    history: {
      edges: { node: ChangeEntry }[];
      totalCount: number;
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
  }>(
    `query History($territoryId: ID!, $since: DateTime, $first: Int!, $after: String) {
      history(territoryId: $territoryId, since: $since, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { seq at by op target targetType before after } }
      }
    }`,
    { territoryId, since: opts.since ?? null, first: opts.first ?? 100, after: opts.after ?? null },
  );
  return {
    entries: r.history.edges.map((e) => e.node),
    total: r.history.totalCount,
    endCursor: r.history.pageInfo.endCursor,
    hasNext: r.history.pageInfo.hasNextPage,
  };
}
