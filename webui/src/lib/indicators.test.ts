import { describe, expect, it } from "vitest";
import { byDimension, chartColumns, latest, trend, toSeconds } from "./indicators";

const m = (on: string, value: number, level: number | null) => ({ on, value, level });

describe("indicators", () => {
  it("finds the latest measurement whatever the order given", () => {
    expect(latest([m("2024-01-01", 3, 2), m("2022-01-01", 1, 1)])?.on).toBe("2024-01-01");
    expect(latest([])).toBeNull();
  });

  it("reads the trend by level first", () => {
    expect(trend([m("2022-01-01", 10, 3), m("2023-01-01", 14, 1)], "LOWER_IS_BETTER")).toBe("worse");
    expect(trend([m("2022-01-01", 10, 2), m("2023-01-01", 14, 2)], "HIGHER_IS_BETTER")).toBe("stable");
  });

  it("reads the trend by value through the direction when levels are missing", () => {
    // households that cannot heat their home: lower is better, so a rise is worse
    expect(trend([m("2022-01-01", 10, null), m("2023-01-01", 14, null)], "LOWER_IS_BETTER")).toBe("worse");
    expect(trend([m("2022-01-01", 10, null), m("2023-01-01", 14, null)], "HIGHER_IS_BETTER")).toBe("better");
    expect(trend([m("2022-01-01", 10, null)], "HIGHER_IS_BETTER")).toBe("unknown");
  });

  it("groups by the first topic's dimension", () => {
    const mk = (id: string, name: string, dims: string[]) => ({
      id,
      name,
      unit: "",
      direction: "HIGHER_IS_BETTER",
      targetLevel: null,
      topics: dims.map((dimension) => ({ dimension })),
      measurements: [],
    });
    const groups = byDimension([
      mk("b", "Beta", ["B"]),
      mk("a", "Alpha", ["A"]),
      mk("x", "Zed", []),
      mk("c", "Aardvark", ["B"]),
    ]);
    expect(groups.map(([d, list]) => [d, list.map((i) => i.id)])).toEqual([
      ["A", ["a"]],
      ["B", ["c", "b"]],
      ["—", ["x"]],
    ]);
  });

  it("builds uPlot columns in date order", () => {
    expect(chartColumns([m("2023-01-01", 5, null), m("2022-01-01", 4, 2)])).toEqual([
      [toSeconds("2022-01-01"), toSeconds("2023-01-01")],
      [2, null],
      [4, 5],
    ]);
  });
});
