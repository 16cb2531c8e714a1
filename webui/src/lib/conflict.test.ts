import { describe, expect, it } from "vitest";
import { resolve, threeWayMerge } from "./conflict";

const base = { name: "Town hall", description: "", influence: 3, interest: 3 };

describe("threeWayMerge", () => {
  it("keeps my change when they changed another field", () => {
    const theirs = { ...base, description: "Mairie" };
    const m = threeWayMerge(base, { influence: 5 }, theirs);
    expect(m.changes).toEqual({ influence: 5 });
    expect(m.conflicts).toEqual([]);
    expect(m.theirChanges.map((c) => c.field)).toEqual(["description"]);
  });

  it("reports a clash when both changed one field differently", () => {
    const theirs = { ...base, name: "City hall" };
    const m = threeWayMerge(base, { name: "Town Hall of Mulhouse" }, theirs);
    expect(m.changes).toEqual({});
    expect(m.conflicts).toEqual([
      { field: "name", base: "Town hall", mine: "Town Hall of Mulhouse", theirs: "City hall" },
    ]);
  });

  it("has nothing to send when both made the same change", () => {
    const theirs = { ...base, influence: 4 };
    const m = threeWayMerge(base, { influence: 4 }, theirs);
    expect(m.changes).toEqual({});
    expect(m.conflicts).toEqual([]);
  });

  it("treats null, undefined and empty text as the same empty value", () => {
    const m = threeWayMerge({ description: null }, { description: "" }, { description: undefined });
    expect(m.changes).toEqual({});
  });
});

describe("resolve", () => {
  it("takes my value where I chose mine and theirs elsewhere", () => {
    const theirs = { ...base, name: "City hall", interest: 1 };
    const m = threeWayMerge(base, { name: "Mine", interest: 5, influence: 2 }, theirs);
    expect(resolve(m, { name: "mine" })).toEqual({ name: "Mine", influence: 2 });
    expect(resolve(m, { name: "mine", interest: "mine" })).toEqual({
      name: "Mine",
      interest: 5,
      influence: 2,
    });
  });
});
