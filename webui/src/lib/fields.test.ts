import { describe, expect, it } from "vitest";
import { FIELDS, linkOptions, parseInput, relProperties } from "./fields";

describe("parseInput", () => {
  it("checks whole numbers against their range (influence is 1-5 in graph/model.py)", () => {
    const influence = FIELDS.Actor.find((f) => f.name === "influence")!.spec;
    expect(parseInput(influence, "4")).toEqual({ value: 4 });
    expect(parseInput(influence, "9")).toEqual({ error: "At most 5 (9 given)." });
    expect(parseInput(influence, "two")).toEqual({ error: "'two' is not a whole number." });
  });
  it("requires a name", () => {
    expect(parseInput({ type: "text", required: true }, "  ")).toEqual({ error: "This field is required." });
  });
  it("clears optional fields with null", () => {
    expect(parseInput({ type: "date", optional: true }, "")).toEqual({ value: null });
    expect(parseInput({ type: "date" }, "2026-13-45")).toEqual({
      error: "'2026-13-45' is not a date (YYYY-MM-DD).",
    });
  });
});

describe("linkOptions", () => {
  it("lists what an actor can link to", () => {
    const types = linkOptions("Actor").map((o) => o.type);
    expect(types).toContain("WORKS_ON");
    expect(types).toContain("SIGNED");
    expect(types).not.toContain("PART_OF");
    expect(linkOptions("Commitment").find((o) => o.type === "ADDRESSES")?.targets).toEqual([
      "Topic",
      "Indicator",
      "FutureConcern",
    ]);
  });
});

describe("relProperties", () => {
  it("keeps the given properties in the model's spelling and checks them", () => {
    expect(relProperties("COLLABORATES_WITH", { since: "2024-05-01", strength: "4", evidence: "" })).toEqual({
      value: { since: "2024-05-01", strength: 4 },
    });
    expect(relProperties("SIGNED", { role: "partner_author" })).toEqual({
      value: { role: "partner_author" },
    });
    expect(relProperties("WORKS_ON", { intensity: "7" })).toEqual({
      error: "At most 5 (7 given).",
      field: "intensity",
    });
    expect(relProperties("MADE", {})).toEqual({ value: {} });
  });
});
