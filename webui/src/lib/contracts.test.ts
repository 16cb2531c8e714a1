import { describe, expect, it } from "vitest";
import { addMonths, allowedMoves, contractTimeline } from "./contracts";

describe("life cycle", () => {
  it("allows only graph/model.py's moves", () => {
    expect(allowedMoves("DRAFT")).toEqual(["NEGOTIATING", "CLOSED"]);
    expect(allowedMoves("SIGNED")).toEqual(["ACTIVE", "CLOSED"]);
    expect(allowedMoves("CLOSED")).toEqual([]);
  });
});

describe("addMonths", () => {
  it("adds a 10-month duration (the Mulhouse contracts' length)", () => {
    expect(addMonths("2024-03-15", 10)).toBe("2025-01-15");
  });
  it("clamps to the month's end", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });
});

describe("contractTimeline", () => {
  it("orders every dated event", () => {
    const events = contractTimeline(
      {
        createdAt: "2024-01-10T09:00:00Z",
        signedOn: "2024-03-01",
        durationMonths: 10,
        reviewOn: "2024-09-01",
        commitments: [{ title: "Insulate", startsOn: "2024-04-01", endsOn: null }],
        actions: [],
        evaluations: [{ phase: "EX_ANTE", level: 2, on: "2024-02-15", by: { name: "Tenants" } }],
      },
      [{ on: "2024-02-01T10:00:00Z", to: "NEGOTIATING" }],
    );
    expect(events.map((e) => [e.on, e.label])).toEqual([
      ["2024-01-10", "Drafted"],
      ["2024-02-01", "Moved to negotiating"],
      ["2024-02-15", "Ex-ante evaluation by Tenants: level 2"],
      ["2024-03-01", "Signed"],
      ["2024-04-01", "Commitment starts: Insulate"],
      ["2024-09-01", "Review"],
      ["2025-01-01", "Ends (10 months after signature)"],
    ]);
  });
});
