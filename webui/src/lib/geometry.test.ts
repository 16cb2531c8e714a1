import { describe, expect, it } from "vitest";
import { convexHull, inflate } from "./hull";
import { placeNodes, loadPositions, savePositions, storageKey, type KeyValueStore } from "./positions";

describe("convexHull", () => {
  it("drops inner points and keeps the corners counter-clockwise", () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 0.5],
    ]);
    expect(hull).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
  it("returns fewer than three distinct points as they are", () => {
    expect(
      convexHull([
        [1, 1],
        [1, 1],
        [3, 4],
      ]),
    ).toEqual([
      [1, 1],
      [3, 4],
    ]);
  });
  it("inflates away from the centroid", () => {
    const [p] = inflate(
      [
        [1, 0],
        [-1, 0],
        [0, 1],
      ],
      1,
    );
    expect(p?.[0]).toBeGreaterThan(1);
  });
});

class Memory implements KeyValueStore {
  m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

describe("positions", () => {
  const data = {
    nodes: ["a", "b", "c"].map((id) => ({ id, kind: "Actor" as const, label: id, version: 1, fields: {} })),
    edges: [{ from: "a", to: "b", type: "COLLABORATES_WITH", properties: {} }],
  };

  it("starts the same map at the same places every time", () => {
    expect(placeNodes(data, {})).toEqual(placeNodes(data, {}));
    expect(placeNodes(data, {}).missing).toBe(3);
  });

  it("keeps saved positions and places a new node near its neighbours", () => {
    const { positions, missing } = placeNodes(data, { a: [100, 100], c: [0, 0] });
    expect(missing).toBe(1);
    expect(positions.a).toEqual([100, 100]);
    const b = positions.b as [number, number];
    expect(Math.abs(b[0] - 100)).toBeLessThanOrEqual(2);
  });

  it("saves per territory and reads back what it saved, ignoring junk", () => {
    const store = new Memory();
    savePositions(store, "t1", { a: [1.234, 5.678] });
    expect(loadPositions(store, "t1")).toEqual({ a: [1.23, 5.68] });
    expect(loadPositions(store, "t2")).toEqual({});
    store.setItem(storageKey("t3"), "{not json");
    expect(loadPositions(store, "t3")).toEqual({});
  });
});
