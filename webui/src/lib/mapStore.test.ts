import { describe, expect, it, vi } from "vitest";
import type { ChangeEvent } from "./live";

const follow = vi.hoisted(() => ({
  afterSeq: undefined as number | null | undefined,
  onChange: null as ((c: ChangeEvent) => void) | null,
}));
vi.mock("./live", () => ({
  followChanges: (_t: string, afterSeq: number | null, onChange: (c: ChangeEvent) => void) => {
    follow.afterSeq = afterSeq;
    follow.onChange = onChange;
    return { close: () => undefined };
  },
}));

import type { Transport } from "./graphql";
import { MapStore } from "./mapStore";
import { testState } from "./testState";

// The answer of MAP_QUERY: the territory's changeSeq read with the compact map
// (api/schema/territory_map.py compact: nodes with __typename and fields, links with properties).
const answer = {
  map: {
    territory: { changeSeq: 41 },
    compact: {
      nodes: [
        { __typename: "Actor", id: "a", label: "A", version: 1, sector: "ASSOCIATION" },
        { __typename: "Topic", id: "t", label: "T", version: 1, dimension: "B" },
      ],
      links: [],
    },
  },
};

function transport(): Transport & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    lastResponseBytes: 0,
    request: <T>(query: string) => {
      queries.push(query);
      return Promise.resolve(answer as unknown as T);
    },
  };
}

const link = (seq: number): ChangeEvent => ({
  seq,
  at: "",
  by: "u",
  op: "LINK",
  target: "a|WORKS_ON|t",
  targetType: "WORKS_ON",
  after: { properties: {} },
  before: null,
});

describe("MapStore", () => {
  it("loads the compact map and follows changes from the changeSeq read with it", async () => {
    const api = transport();
    const store = new MapStore(api, "ter");
    await store.ensureLoaded();
    expect(api.queries[0]).toContain("compact");
    expect(api.queries[0]).toContain("changeSeq");
    expect(store.data.nodes.map((n) => n.id)).toEqual(["a", "t"]);
    expect(follow.afterSeq).toBe(41);
  });

  it("skips a change the map already holds (a replay after a reconnect), applies a newer one once", async () => {
    const store = new MapStore(transport(), "ter");
    await store.ensureLoaded();
    const before = testState.liveEvents;
    follow.onChange?.(link(41));
    await Promise.resolve();
    expect(store.data.edges).toEqual([]);
    follow.onChange?.(link(42));
    follow.onChange?.(link(42));
    await Promise.resolve();
    expect(store.data.edges).toEqual([{ from: "a", to: "t", type: "WORKS_ON", properties: {} }]);
    expect(testState.liveEvents).toBe(before + 1);
    expect(store.seq).toBe(42);
  });
});
