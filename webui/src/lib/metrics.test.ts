import { describe, expect, it } from "vitest";
import { betweenness, commitmentCounts, degree } from "./metrics";
import type { MapData, MapNode } from "./types";

const n = (id: string, kind: MapNode["kind"] = "Actor"): MapNode => ({
  id,
  kind,
  label: id,
  version: 1,
  fields: {},
});
const e = (from: string, to: string, type = "COLLABORATES_WITH") => ({ from, to, type, properties: {} });

describe("betweenness", () => {
  it("matches networkx on a path a-b-c-d (normalised: b = c = 2/3)", () => {
    // networkx.betweenness_centrality(nx.path_graph(4)) == {0: 0, 1: 2/3, 2: 2/3, 3: 0}
    const data: MapData = {
      nodes: ["a", "b", "c", "d"].map((x) => n(x)),
      edges: [e("a", "b"), e("b", "c"), e("c", "d")],
    };
    const b = betweenness(data);
    expect(b.get("a")).toBeCloseTo(0);
    expect(b.get("b")).toBeCloseTo(2 / 3);
    expect(b.get("c")).toBeCloseTo(2 / 3);
  });

  it("gives the centre of a star 1 and the leaves 0", () => {
    // Every shortest path between two leaves of a star goes through its centre.
    const data: MapData = {
      nodes: ["h", "x", "y", "z"].map((x) => n(x)),
      edges: [e("h", "x"), e("h", "y"), e("h", "z")],
    };
    const b = betweenness(data);
    expect(b.get("h")).toBeCloseTo(1);
    expect(b.get("x")).toBeCloseTo(0);
  });

  it("splits credit between two equal shortest paths (a 4-cycle gives each node 1/6)", () => {
    // networkx.betweenness_centrality(nx.cycle_graph(4)) gives 1/6 to every node.
    const data: MapData = {
      nodes: ["a", "b", "c", "d"].map((x) => n(x)),
      edges: [e("a", "b"), e("b", "c"), e("c", "d"), e("d", "a")],
    };
    for (const v of betweenness(data).values()) expect(v).toBeCloseTo(1 / 6);
  });

  it("estimates from seeded pivots above the threshold, the same way every time", () => {
    const ids = Array.from({ length: 60 }, (_, i) => `v${i}`);
    const data: MapData = {
      nodes: ids.map((x) => n(x)),
      edges: ids.slice(1).map((x, i) => e(ids[i] as string, x)),
    };
    const a = betweenness(data, { exactUpTo: 10, pivots: 20, seed: 7 });
    const b = betweenness(data, { exactUpTo: 10, pivots: 20, seed: 7 });
    expect([...a.values()]).toEqual([...b.values()]);
    // The middle of a path is its most central node, sampled or not.
    expect(a.get("v30") as number).toBeGreaterThan(a.get("v2") as number);
  });
});

describe("degree and commitments", () => {
  const data: MapData = {
    nodes: [n("a"), n("b"), n("k", "Commitment"), n("c", "Contract")],
    edges: [e("a", "b"), e("a", "k", "MADE"), e("k", "c", "PART_OF")],
  };
  it("counts links at both ends", () => {
    expect(Object.fromEntries(degree(data))).toEqual({ a: 2, b: 1, k: 2, c: 1 });
  });
  it("counts an actor's commitments and a contract's", () => {
    expect(Object.fromEntries(commitmentCounts(data))).toEqual({ a: 1, b: 0, k: 1, c: 1 });
  });
});
