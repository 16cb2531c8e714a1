import { describe, expect, it } from "vitest";
import { camel, fromModelJson, snake } from "./normalize";

describe("normalize", () => {
  it("turns the model's JSON into GraphQL's dialect", () => {
    // VersionConflict.current as graph/model.py dumps an Actor (snake_case, lower-case enums)
    const current = {
      id: "act-1",
      name: "Town hall",
      sector: "public_authority",
      updated_at: "2026-01-01",
      version: 4,
    };
    expect(fromModelJson(current)).toEqual({
      id: "act-1",
      name: "Town hall",
      sector: "PUBLIC_AUTHORITY",
      updatedAt: "2026-01-01",
      version: 4,
    });
  });
  it("converts names both ways", () => {
    expect(camel("uses_non_renewable")).toBe("usesNonRenewable");
    expect(snake("durationMonths")).toBe("duration_months");
    expect(camel("level_1")).toBe("level1");
  });
});
