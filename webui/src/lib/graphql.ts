// The one door to the server: POST /graphql with the session cookie, and graphql-transport-ws
// for subscriptions. Errors come back as GraphqlError with the server's message.

import type { TypedDocumentString } from "../generated/gql/graphql";
import { locale, t } from "../i18n";

export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "GraphqlError";
  }
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface Transport {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Bytes of the last response body (the benchmark reports payload sizes). */
  lastResponseBytes: number;
}

export function httpTransport(fetcher: Fetch = (i, init) => fetch(i, init), url = "/graphql"): Transport {
  const transport: Transport = {
    lastResponseBytes: 0,
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetcher(url, {
          method: "POST",
          credentials: "same-origin",
          // The server writes its texts (drafts, errors) in the language the UI is shown in.
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "accept-language": locale(),
          },
          body: JSON.stringify({ query, variables }),
        });
      } catch (err) {
        throw new GraphqlError(t("error.network", { detail: String(err) }), "NETWORK");
      }
      const text = await response.text();
      transport.lastResponseBytes = text.length;
      let body: GraphqlResponse<T>;
      try {
        body = JSON.parse(text) as GraphqlResponse<T>;
      } catch {
        throw new GraphqlError(t("error.notJson", { status: response.status }), "HTTP");
      }
      return unwrap(body, response.status);
    },
  };
  return transport;
}

/**
 * Runs a typed document (a graphql(`...`) from src/generated/gql, checked against
 * api/schema.graphql): its result and variables types come from the schema, not by hand.
 */
export function execute<R, V>(
  api: Transport,
  doc: TypedDocumentString<R, V>,
  ...[variables]: V extends Record<string, never> ? [] : [V]
): Promise<R> {
  return api.request<R>(doc.toString(), variables as Record<string, unknown> | undefined);
}

export function unwrap<T>(body: GraphqlResponse<T>, status = 200): T {
  if (body.errors && body.errors.length > 0) {
    const first = body.errors[0];
    const code =
      typeof first?.extensions?.["code"] === "string" ? (first.extensions["code"] as string) : undefined;
    throw new GraphqlError(body.errors.map((e) => e.message).join("; "), code);
  }
  if (body.data === undefined || body.data === null) {
    throw new GraphqlError(t("error.noData", { status }), "HTTP");
  }
  return body.data;
}

/** A generated result type whose JSON fields ``before`` and ``after`` hold objects (a change's). */
export type WithJson<T extends { before: unknown; after: unknown }> = Omit<T, "before" | "after"> & {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
