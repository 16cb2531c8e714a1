import { describe, expect, it } from "vitest";
import { DETAILS } from "../documents/nodeDetails";
import { UPDATES } from "../documents/updates";
import { FIELDS } from "./fields";
import { outcome } from "./nodeApi";
import { NODE_KINDS } from "./types";

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

describe("the node documents", () => {
  it("read and write each kind's fields as the forms list them (lib/fields.ts)", () => {
    for (const kind of NODE_KINDS) {
      const expected = FIELDS[kind].map((f) => f.name);
      for (const doc of [DETAILS[kind], UPDATES[kind]]) {
        const text = doc.toString();
        const body = new RegExp(`fragment ${kind}Fields on ${kind} \\{([^}]*)\\}`).exec(text);
        expect(body?.[1]?.trim().split(/\s+/), `${kind}Fields`).toEqual(expected);
      }
    }
  });
});
