import { describe, expect, it } from "vitest";
import { outcome } from "./nodeApi";

describe("outcome", () => {
  it("passes the object through", () => {
    expect(outcome({ __typename: "Actor", id: "a", version: 2 }, "Actor")).toEqual({
      ok: true,
      node: { __typename: "Actor", id: "a", version: 2 },
    });
  });
  it("lists every problem of a ValidationError (api/schema/results.py)", () => {
    const r = outcome(
      {
        __typename: "ValidationError",
        message: "2 problems",
        field: "influence",
        problems: [
          { field: "influence", message: "at most 5" },
          { field: "name", message: "required" },
        ],
      },
      "Actor",
    );
    expect(r).toEqual({
      ok: false,
      kind: "validation",
      message: "2 problems",
      problems: [
        { field: "influence", message: "at most 5" },
        { field: "name", message: "required" },
      ],
    });
  });
  it("falls back to the error's own field when it lists no problems", () => {
    const r = outcome(
      { __typename: "ValidationError", message: "bad", field: "name", problems: [] },
      "Actor",
    );
    expect(r.ok === false && r.kind === "validation" && r.problems).toEqual([
      { field: "name", message: "bad" },
    ]);
  });
  it("turns a VersionConflict's current value into GraphQL's dialect", () => {
    const r = outcome(
      {
        __typename: "VersionConflict",
        message: "Actor 'a' has version 4, the update expected 3",
        currentVersion: 4,
        current: { name: "X", sector: "association", version: 4 },
      },
      "Actor",
    );
    expect(r).toEqual({
      ok: false,
      kind: "conflict",
      message: "Actor 'a' has version 4, the update expected 3",
      currentVersion: 4,
      current: { name: "X", sector: "ASSOCIATION", version: 4 },
    });
  });
  it("reports other failures by message", () => {
    expect(outcome({ __typename: "PermissionDenied", message: "a viewer may not edit" }, "Actor")).toEqual({
      ok: false,
      kind: "other",
      message: "a viewer may not edit",
    });
  });
});
