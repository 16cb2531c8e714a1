import { describe, expect, it } from "vitest";
import {
  KIND_COLOURS,
  MAX_SIZE,
  MIN_SIZE,
  OKABE_ITO,
  SECTOR_COLOURS,
  legend,
  nodeColour,
  sizesFrom,
} from "./palette";
import { SECTORS } from "./types";

describe("colours", () => {
  it("gives every sector its own Okabe-Ito colour", () => {
    const used = SECTORS.map((s) => SECTOR_COLOURS[s]);
    expect(new Set(used).size).toBe(SECTORS.length);
    const okabe = new Set<string>(Object.values(OKABE_ITO));
    for (const c of used) expect(okabe.has(c)).toBe(true);
  });

  it("colours actors by sector and greys the rest in sector mode", () => {
    expect(nodeColour({ kind: "Actor", sector: "ASSOCIATION" }, "sector")).toBe(OKABE_ITO.orange);
    expect(nodeColour({ kind: "Topic" }, "sector")).toBe("#8A8A8A");
    expect(nodeColour({ kind: "Topic" }, "type")).toBe(KIND_COLOURS.Topic);
  });

  it("lists in the legend only what the map holds", () => {
    const entries = legend("sector", [
      { id: "a", kind: "Actor", sector: "CITIZEN_GROUP", label: "a", version: 1, fields: {} },
      { id: "t", kind: "Topic", label: "t", version: 1, fields: {} },
    ]);
    expect(entries.map((e) => e.label)).toEqual(["Citizen group", "Not an actor"]);
  });
});

describe("sizesFrom", () => {
  it("maps the smallest value to MIN_SIZE and the largest to MAX_SIZE, by area", () => {
    const s = sizesFrom(
      new Map([
        ["a", 0],
        ["b", 25],
        ["c", 100],
      ]),
    );
    expect(s.get("a")).toBe(MIN_SIZE);
    expect(s.get("c")).toBe(MAX_SIZE);
    // sqrt(25)/sqrt(100) = 0.5 of the way
    expect(s.get("b")).toBeCloseTo(MIN_SIZE + 0.5 * (MAX_SIZE - MIN_SIZE));
  });
  it("gives equal values one size", () => {
    const s = sizesFrom(
      new Map([
        ["a", 3],
        ["b", 3],
      ]),
    );
    expect(s.get("a")).toBe(s.get("b"));
  });
});
