import { describe, expect, it } from "vitest";
import {
  Index,
  emptyFilter,
  neighbourhood,
  searchNodes,
  visibility,
  visibleEdges,
  type FilterState,
} from "./filters";
import type { MapData, MapNode } from "./types";

function node(id: string, kind: MapNode["kind"], extra: Partial<MapNode> = {}): MapNode {
  return { id, kind, label: extra.label ?? id, version: 1, fields: {}, ...extra };
}

// A small hand-made map: two actors on housing (dimension A), one association on energy (B),
// a contract c1 signed by the town hall with one commitment made by the landlord.
const data: MapData = {
  nodes: [
    node("town", "Actor", { label: "Town hall", sector: "PUBLIC_AUTHORITY" }),
    node("landlord", "Actor", { label: "Social landlord", sector: "SOCIAL_ECONOMY" }),
    node("assoc", "Actor", { label: "Énergie Solidaire", sector: "ASSOCIATION" }),
    node("tenants", "Actor", { label: "Tenants' group", sector: "CITIZEN_GROUP" }),
    node("housing", "Topic", { label: "Housing", dimension: "A" }),
    node("energy", "Topic", { label: "Energy poverty", dimension: "B" }),
    node("c1", "Contract", { label: "Warm homes", status: "DRAFT" }),
    node("k1", "Commitment", { label: "Insulate 40 flats", status: "ACTIVE" }),
  ],
  edges: [
    { from: "town", to: "housing", type: "WORKS_ON", properties: {} },
    { from: "landlord", to: "housing", type: "WORKS_ON", properties: {} },
    { from: "assoc", to: "energy", type: "WORKS_ON", properties: {} },
    { from: "town", to: "c1", type: "SIGNED", properties: {} },
    { from: "landlord", to: "k1", type: "MADE", properties: {} },
    { from: "k1", to: "c1", type: "PART_OF", properties: {} },
    { from: "c1", to: "energy", type: "TARGETS", properties: {} },
  ],
};
const index = new Index(data);

function f(patch: Partial<FilterState>): FilterState {
  return { ...emptyFilter(), ...patch };
}

const sorted = (s: Iterable<string>) => [...s].sort();

describe("visibility", () => {
  it("shows everything with no facet", () => {
    expect(visibility(index, emptyFilter()).visible.size).toBe(8);
  });

  it("filters by kind, hiding the rest", () => {
    const v = visibility(index, f({ kinds: new Set(["Topic"]) }));
    expect(sorted(v.visible)).toEqual(["energy", "housing"]);
    expect(v.faded.size).toBe(0);
  });

  it("judges sector only on actors", () => {
    const v = visibility(index, f({ sectors: new Set(["ASSOCIATION"]), kinds: new Set(["Actor", "Topic"]) }));
    expect(sorted(v.visible)).toEqual(["assoc", "energy", "housing"]);
  });

  it("judges dimension on topics and on actors through the topics they work on", () => {
    const v = visibility(index, f({ dimensions: new Set(["A"]), kinds: new Set(["Actor", "Topic"]) }));
    expect(sorted(v.visible)).toEqual(["housing", "landlord", "town"]);
  });

  it("keeps a topic and what touches it", () => {
    const v = visibility(index, f({ topicIds: new Set(["energy"]) }));
    expect(sorted(v.visible)).toEqual(["assoc", "c1", "energy"]);
  });

  it("keeps a contract, its parties and the makers of its commitments", () => {
    const v = visibility(index, f({ contractIds: new Set(["c1"]) }));
    expect(sorted(v.visible)).toEqual(["c1", "energy", "k1", "landlord", "town"]);
  });

  it("judges status on the kinds that have one", () => {
    const v = visibility(
      index,
      f({ statuses: new Set(["ACTIVE"]), kinds: new Set(["Contract", "Commitment"]) }),
    );
    expect(sorted(v.visible)).toEqual(["k1"]);
  });

  it("searches labels ignoring case and accents", () => {
    const v = visibility(index, f({ search: "energie" }));
    expect(sorted(v.visible)).toEqual(["assoc"]);
  });

  it("fades instead of hiding in showcase mode", () => {
    const v = visibility(index, f({ mode: "showcase", kinds: new Set(["Topic"]) }));
    expect(v.visible.size).toBe(8);
    expect(sorted(v.matched)).toEqual(["energy", "housing"]);
    expect(v.faded.size).toBe(6);
  });

  it("focuses on a neighbourhood of 1, 2 and 3 steps", () => {
    const at = (depth: number) => sorted(visibility(index, f({ focus: { nodeId: "assoc", depth } })).visible);
    expect(at(1)).toEqual(["assoc", "energy"]);
    expect(at(2)).toEqual(["assoc", "c1", "energy"]);
    expect(at(3)).toEqual(["assoc", "c1", "energy", "k1", "town"]);
  });

  it("intersects focus with the filter", () => {
    const v = visibility(index, f({ focus: { nodeId: "assoc", depth: 3 }, kinds: new Set(["Actor"]) }));
    expect(sorted(v.visible)).toEqual(["assoc", "town"]);
  });

  it("draws only edges whose two ends are visible", () => {
    const v = visibility(index, f({ kinds: new Set(["Actor", "Topic"]) }));
    expect(visibleEdges(data.edges, v.visible).map((e) => e.type)).toEqual([
      "WORKS_ON",
      "WORKS_ON",
      "WORKS_ON",
    ]);
  });
});

describe("neighbourhood", () => {
  it("is empty for an unknown node", () => {
    expect(neighbourhood(index, "nope", 2).size).toBe(0);
  });
});

describe("searchNodes", () => {
  it("puts prefix matches first, then word starts, shorter labels first", () => {
    // "Energy poverty" and "Énergie Solidaire" start with "en"; "Tenants' group" holds it inside.
    expect(searchNodes(index, "en").map((n) => n.id)).toEqual(["energy", "assoc", "tenants"]);
    // "Social landlord" has a word starting with "land"; nothing starts with it.
    expect(searchNodes(index, "homes").map((n) => n.id)).toEqual(["c1"]);
    expect(searchNodes(index, "pov").map((n) => n.id)).toEqual(["energy"]);
  });
  it("ranks a word start above an inner match and a closer label above a longer one", () => {
    // The demo's "Valbrune Town Hall" vs "A joint youth employment desk at the town hall annex".
    const small = new Index({
      nodes: [
        node("desk", "Commitment", { label: "A joint youth employment desk at the town hall annex" }),
        node("hall", "Actor", { label: "Valbrune Town Hall" }),
        node("inner", "Topic", { label: "Downtown hallway" }),
      ],
      edges: [],
    });
    expect(searchNodes(small, "town hall").map((n) => n.id)).toEqual(["hall", "desk", "inner"]);
    expect(searchNodes(small, "town").map((n) => n.id)).toEqual(["hall", "desk", "inner"]);
  });

  it("returns nothing for blank text", () => {
    expect(searchNodes(index, "  ")).toEqual([]);
  });
});
