// Reading one node in full and writing it back, with the typed results of the API.
import { DETAILS } from "../documents/nodeDetails";
import { UPDATES } from "../documents/updates";
import { graphql } from "../generated/gql";
import type { NodeDetailFieldsFragment, TypedDocumentString } from "../generated/gql/graphql";
import { t } from "../i18n";
import { execute, type Transport } from "./graphql";
import type { ChangeEvent } from "./live";
import type { GqlNode } from "./mapping";
import { fromModelJson } from "./normalize";
import type { NodeKind } from "./types";

/** A node as the side panel reads it: the common fields, and its kind's own by name. */
export type NodeDetail = NodeDetailFieldsFragment & { __typename: NodeKind; [field: string]: unknown };

export async function fetchNodeDetail(
  api: Transport,
  id: string,
  kind: NodeKind,
): Promise<NodeDetail | null> {
  const doc: TypedDocumentString<{ node?: unknown }, { id: string }> = DETAILS[kind];
  const r = await execute(api, doc, { id });
  return (r.node ?? null) as NodeDetail | null;
}

export type UpdateOutcome =
  | { ok: true; node: GqlNode }
  | { ok: false; kind: "validation"; message: string; problems: { field: string; message: string }[] }
  | { ok: false; kind: "conflict"; message: string; currentVersion: number; current: Record<string, unknown> }
  | { ok: false; kind: "other"; message: string };

interface RawResult {
  __typename: string;
  message?: string;
  field?: string | null;
  problems?: { field: string; message: string }[];
  currentVersion?: number;
  current?: unknown;
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
      current: fromModelJson((result.current ?? {}) as Record<string, unknown>),
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
  const doc: TypedDocumentString<{ result: RawResult }, { id: string; v: number; input: never }> =
    UPDATES[kind];
  const r = await execute(api, doc, { id, v: expectedVersion, input: input as never });
  return outcome(r.result, kind);
}

const LINK = graphql(`
  mutation Link($input: LinkInput!) {
    link(input: $input) {
      __typename
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const UNLINK = graphql(`
  mutation Unlink($input: UnlinkInput!) {
    unlink(input: $input) {
      __typename
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const COMMENT = graphql(`
  mutation Comment($nodeId: ID!, $text: String!) {
    addComment(nodeId: $nodeId, text: $text) {
      __typename
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

/** null when a mutation's result is the ``ok`` type, else what went wrong. */
export function failure(result: { __typename: string; message?: string }, ok: string): string | null {
  return result.__typename === ok ? null : (result.message ?? result.__typename);
}

export async function link(
  api: Transport,
  fromId: string,
  toId: string,
  type: string,
  properties?: Record<string, unknown>,
): Promise<string | null> {
  const input = { fromId, toId, type: type as never, properties: properties ?? null };
  return failure((await execute(api, LINK, { input })).link, "Link");
}

export async function unlink(
  api: Transport,
  fromId: string,
  toId: string,
  type: string,
): Promise<string | null> {
  // i18n-ignore: "Deleted" is the GraphQL type of a success, not a text.
  return failure(
    (await execute(api, UNLINK, { input: { fromId, toId, type: type as never } })).unlink,
    "Deleted",
  );
}

export async function addComment(api: Transport, nodeId: string, text: string): Promise<string | null> {
  return failure((await execute(api, COMMENT, { nodeId, text })).addComment, "Comment");
}

const HISTORY = graphql(`
  query History($territoryId: ID!, $since: DateTime, $first: Int!, $after: String) {
    history(territoryId: $territoryId, since: $since, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ChangeFields
        }
      }
    }
  }
`);

/** One entry of the change log; ``before`` and ``after`` are JSON objects. */
export type ChangeEntry = ChangeEvent;

export async function fetchHistory(
  api: Transport,
  territoryId: string,
  opts: { since?: string; first?: number; after?: string | null } = {},
): Promise<{ entries: ChangeEntry[]; total: number; endCursor: string | null; hasNext: boolean }> {
  const r = await execute(api, HISTORY, {
    territoryId,
    since: opts.since ?? null,
    first: opts.first ?? 100,
    after: opts.after ?? null,
  });
  return {
    entries: r.history.edges.map((e) => e.node as ChangeEntry),
    total: r.history.totalCount,
    endCursor: r.history.pageInfo.endCursor ?? null,
    hasNext: r.history.pageInfo.hasNextPage,
  };
}
