import { describe, expect, it } from "vitest";
import { parseTarget, toMapData, toMapNode } from "./mapping";

describe("toMapData", () => {
  // The shape of `map(territoryId:)` in api/schema/query.py (TerritoryMap: nodes, links).
  const answer = {
    nodes: [
      { __typename: "Territory", id: "ter-1", label: "Mulhouse", version: 1 },
      { __typename: "Actor", id: "act-1", label: "Town hall", version: 3, sector: "PUBLIC_AUTHORITY" },
      { __typename: "Topic", id: "top-1", label: "Housing", version: 1, dimension: "A" },
      { __typename: "Contract", id: "con-1", label: "Warm homes", version: 2, contractStatus: "DRAFT" },
    ],
    links: [
      { type: "WORKS_ON", fromId: "act-1", toId: "top-1" },
      { type: "SIGNED", fromId: "act-1", toId: "con-1" },
      { type: "WORKS_ON", fromId: "act-1", toId: "top-gone" },
    ],
  };

  it("keeps map nodes with their kind, label, version and facets", () => {
    const data = toMapData(answer);
    expect(data.nodes.map((n) => [n.id, n.kind, n.label, n.version])).toEqual([
      ["act-1", "Actor", "Town hall", 3],
      ["top-1", "Topic", "Housing", 1],
      ["con-1", "Contract", "Warm homes", 2],
    ]);
    expect(data.nodes[0]?.sector).toBe("PUBLIC_AUTHORITY");
    expect(data.nodes[1]?.dimension).toBe("A");
    expect(data.nodes[2]?.status).toBe("DRAFT");
  });

  it("drops links to nodes it does not hold", () => {
    expect(toMapData(answer).edges).toEqual([
      { from: "act-1", to: "top-1", type: "WORKS_ON", properties: {} },
      { from: "act-1", to: "con-1", type: "SIGNED", properties: {} },
    ]);
  });

  it("reads the aliases the map query gives fields whose types differ by kind", () => {
    expect(
      toMapNode({ __typename: "Criterion", id: "c", label: "x", criterionDimension: "B" })?.dimension,
    ).toBe("B");
    expect(toMapNode({ __typename: "Action", id: "a", label: "x", actionStatus: "ONGOING" })?.status).toBe(
      "ONGOING",
    );
  });

  it("falls back to name or title when there is no label", () => {
    expect(toMapNode({ __typename: "Commitment", id: "k", title: "Insulate" })?.label).toBe("Insulate");
    expect(toMapNode({ __typename: "Unknown", id: "x" })).toBeNull();
  });
});

describe("parseTarget", () => {
  it("reads node and relationship targets of the change log", () => {
    expect(parseTarget("act-1")).toEqual({ nodeId: "act-1" });
    expect(parseTarget("act-1|WORKS_ON|top-1")).toEqual({ from: "act-1", type: "WORKS_ON", to: "top-1" });
  });
});

describe("toMapData on a compact map", () => {
  it("reads a compact node (every field, camelCase, enum names) like a typed one", () => {
    // Shape from api/schema/territory_map.py compact_node: __typename, label, then every model field.
    const data = toMapData({
      nodes: [
        { __typename: "Territory", id: "t", label: "T", version: 1, territoryId: "t" },
        {
          __typename: "Actor",
          id: "a",
          label: "Mairie",
          version: 3,
          territoryId: "t",
          name: "Mairie",
          sector: "PUBLIC_AUTHORITY",
          createdAt: "2026-01-01T00:00:00",
        },
        {
          __typename: "Criterion",
          id: "c",
          label: "Air",
          version: 1,
          territoryId: "t",
          text: "Air",
          dimension: "ENVIRONMENT",
        },
      ],
      links: [
        { type: "HOLDS", fromId: "a", toId: "c", properties: { role: "lead" } },
        { type: "IN_TERRITORY", fromId: "a", toId: "t", properties: {} },
      ],
    });
    expect(data.nodes.map((n) => [n.id, n.kind, n.version, n.sector, n.dimension])).toEqual([
      ["a", "Actor", 3, "PUBLIC_AUTHORITY", undefined],
      ["c", "Criterion", 1, undefined, "ENVIRONMENT"],
    ]);
    expect(data.nodes[0]?.fields["territoryId"]).toBeUndefined();
    expect(data.edges).toEqual([{ from: "a", to: "c", type: "HOLDS", properties: { role: "lead" } }]);
  });
});
