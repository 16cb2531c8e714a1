import { describe, expect, it } from "vitest";
import {
  base64ToBytes,
  bytesToBase64,
  diffSections,
  formatOf,
  parseBulk,
  setCode,
  setDimension,
  suggestionsQuery,
  toNote,
  withSuggestions,
  type CycleDiff,
} from "./cycle";

const SUGG = [
  { code: "A1", dimension: "A", name: "Food", score: 2 },
  { code: "B3", dimension: "B", name: "Green spaces", score: 1 },
];

describe("parseBulk", () => {
  it("reads one answer per line, dropping bullets, numbering, blanks and repeats", () => {
    expect(
      parseBulk("- Parks nearby\n\n  2. Quiet streets  \n* parks nearby\r\nBus at night\n1) Clean air"),
    ).toEqual(["Parks nearby", "Quiet streets", "Bus at night", "Clean air"]);
  });
  it("keeps a line that merely starts with a number", () => {
    expect(parseBulk("24h pharmacy")).toEqual(["24h pharmacy"]);
  });
});

describe("classification lines", () => {
  it("preselects the best suggestion, or nothing without one", () => {
    expect(withSuggestions("x", "WELLBEING", SUGG)).toMatchObject({ dimension: "A", code: "A1" });
    expect(withSuggestions("x", "ACTION", [])).toMatchObject({ dimension: null, code: null });
  });
  it("drops a component that does not belong to a newly chosen dimension, keeps one that does", () => {
    const line = withSuggestions("x", "ILLBEING", SUGG);
    expect(setDimension(line, "C")).toMatchObject({ dimension: "C", code: null });
    expect(setDimension(line, "A")).toMatchObject({ dimension: "A", code: "A1" });
  });
  it("a chosen component brings its dimension; an unknown code changes nothing", () => {
    const line = withSuggestions("x", "ILLBEING", SUGG);
    expect(setCode(line, "B3")).toMatchObject({ dimension: "B", code: "B3" });
    expect(setCode(line, "Z9")).toEqual(line);
    expect(setCode(line, null)).toMatchObject({ dimension: "A", code: null });
  });
  it("saves only the classification chosen (CriterionNoteInput)", () => {
    expect(toNote(withSuggestions("x", "WELLBEING", SUGG))).toEqual({
      text: "x",
      question: "WELLBEING",
      dimension: "A",
      code: "A1",
    });
    expect(toNote(withSuggestions("y", "ACTION", []))).toEqual({ text: "y", question: "ACTION" });
  });
});

describe("suggestionsQuery", () => {
  it("asks for every text in one aliased document with variables", () => {
    const q = suggestionsQuery(["a", "b"], 3);
    expect(q.variables).toEqual({ t0: "a", t1: "b" });
    expect(q.query).toContain("query Suggest($t0: String!, $t1: String!)");
    expect(q.query).toContain("s1: suggestClassification(text: $t1, limit: 3)");
  });
});

describe("diffSections", () => {
  it("lists the widening of co-responsibility, and only the counts that changed", () => {
    const d: CycleDiff = {
      fromCycle: 1,
      toCycle: 2,
      newActors: [{ id: "a", name: "Café", sector: "PRIVATE_COMPANY" }],
      newSectors: ["PRIVATE_COMPANY"],
      newCrossSectorTies: [
        {
          actors: [
            { id: "a", name: "Café" },
            { id: "m", name: "Mairie" },
          ],
          via: ["Warm homes"],
        },
      ],
      newSignatories: [{ id: "a", name: "Café" }],
      newlyRepresentedGroups: [],
      newIndicators: [],
      newCommitments: [],
      newContracts: [],
      counts: [
        { name: "actors", before: 3, after: 4 },
        { name: "topics", before: 2, after: 2 },
      ],
    };
    const s = Object.fromEntries(diffSections(d).map((x) => [x.id, x.items]));
    expect(s["actors"]).toEqual(["Café (private company)"]);
    expect(s["sectors"]).toEqual(["private company"]);
    expect(s["ties"]).toEqual(["Café — Mairie (via Warm homes)"]);
    expect(s["signatories"]).toEqual(["Café"]);
    expect(s["groups"]).toEqual([]);
    expect(s["counts"]).toEqual(["actors: 3 → 4"]);
  });
});

describe("files", () => {
  it("guesses the format from the extension, a zip being a workbook of CSV sheets", () => {
    expect(formatOf("Valbrune.XLSX")).toBe("xlsx");
    expect(formatOf("sheets.zip")).toBe("csv");
    expect(formatOf("actors.csv")).toBe("csv");
    expect(formatOf("map.kumu.json")).toBe("kumu");
    expect(formatOf("map.gexf")).toBe("gexf");
    expect(formatOf("notes.txt")).toBeNull();
  });
  it("base64 round-trips every byte value, on more than one chunk", () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    const back = base64ToBytes(bytesToBase64(bytes));
    expect(back.length).toBe(bytes.length);
    expect(Array.from(back.subarray(250, 260))).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
    expect(bytesToBase64(new TextEncoder().encode("pactmap"))).toBe("cGFjdG1hcA==");
  });
});
