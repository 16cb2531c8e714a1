// The server speaks two dialects: GraphQL (camelCase fields, UPPER_CASE enum values) and the
// domain model's JSON (snake_case, lower case) in VersionConflict.current and change records.
// The UI keeps the GraphQL one; these functions translate.

export const ENUM_FIELDS = new Set([
  "sector",
  "scale",
  "dimension",
  "question",
  "meaning",
  "direction",
  "status",
  "horizon",
  "kind",
  "phase",
  "role",
]);

export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function snake(name: string): string {
  return name.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`);
}

/** A model-JSON record in GraphQL's dialect: camelCase keys, enum values upper-cased. */
export function fromModelJson(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const k = camel(key);
    out[k] = ENUM_FIELDS.has(k) && typeof value === "string" ? value.toUpperCase() : value;
  }
  return out;
}
