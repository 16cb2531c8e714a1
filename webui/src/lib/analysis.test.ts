import { describe, expect, it } from "vitest";
import { gapPairs, siloIndex, termShares } from "./analysis";

describe("analysis helpers", () => {
  it("draws a gap of three actors as a triangle of dashed links", () => {
    expect(
      gapPairs({
        actors: [
          { id: "a", name: "A" },
          { id: "b", name: "B" },
          { id: "c", name: "C" },
        ],
      }),
    ).toEqual([
      ["a", "b"],
      ["a", "c"],
      ["b", "c"],
    ]);
  });
  it("numbers silos in the order given", () => {
    const idx = siloIndex([
      { actors: [{ id: "a", name: "A" }], homophily: 1 },
      {
        actors: [
          { id: "b", name: "B" },
          { id: "c", name: "C" },
        ],
        homophily: 0.5,
      },
    ]);
    expect(Object.fromEntries(idx)).toEqual({ a: 0, b: 1, c: 1 });
  });
  it("scales score terms against the largest", () => {
    expect(
      Object.fromEntries(
        termShares([
          { name: "coverage", value: 0.5 },
          { name: "bridging", value: 0.25 },
        ]),
      ),
    ).toEqual({ coverage: 1, bridging: 0.5 });
    expect(Object.fromEntries(termShares([{ name: "x", value: 0 }]))).toEqual({ x: 0 });
  });
});
