// Live edits: the mapChanged subscription over graphql-transport-ws, with the session cookie
// (the browser sends it on the WebSocket handshake to the same origin).
import { createClient, type Client } from "graphql-ws";
import { graphql } from "../generated/gql";
import type { ChangeFieldsFragment } from "../generated/gql/graphql";
import type { WithJson } from "./graphql";

// One committed change, as mapChanged sends it and history lists it (lib/nodeApi.ts).
graphql(`
  fragment ChangeFields on Change {
    seq
    at
    by
    op
    target
    targetType
    before
    after
  }
`);

const SUBSCRIPTION = graphql(`
  subscription Live($territoryId: ID!, $afterSeq: Int) {
    mapChanged(territoryId: $territoryId, afterSeq: $afterSeq) {
      ...ChangeFields
    }
  }
`);

/** A committed change; `before` and `after` are JSON objects (the node's or link's fields). */
export type ChangeEvent = WithJson<ChangeFieldsFragment>;

export function wsUrl(loc: Location = window.location): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/graphql`;
}

export interface LiveHandle {
  close(): void;
}

/** Follow the territory's changes; with ``afterSeq`` (the map's changeSeq), starting right after it. */
export function followChanges(
  territoryId: string,
  afterSeq: number | null,
  onChange: (c: ChangeEvent) => void,
  onStatus: (s: "connecting" | "open" | "closed", error?: string) => void,
): LiveHandle {
  const client: Client = createClient({
    url: wsUrl(),
    lazy: false,
    retryAttempts: 20,
    shouldRetry: () => true,
    on: {
      connecting: () => onStatus("connecting"),
      connected: () => onStatus("open"),
      closed: () => onStatus("closed"),
    },
  });
  const unsubscribe = client.subscribe<{ mapChanged: ChangeEvent }>(
    { query: SUBSCRIPTION.toString(), variables: { territoryId, afterSeq } },
    {
      next: (msg) => {
        if (msg.data?.mapChanged) onChange(msg.data.mapChanged);
      },
      error: (err) => onStatus("closed", err instanceof Error ? err.message : JSON.stringify(err)),
      complete: () => undefined,
    },
  );
  return {
    close() {
      unsubscribe();
      void client.dispose();
    },
  };
}
