// The editable fields of each node kind, as GraphQL names them (mirrors graph/model.py).
import { NODE_KINDS, SECTORS, type NodeKind } from "./types";
import endpointsJson from "../generated/endpoints.json";

export type FieldType =
  | { type: "text"; max?: number; required?: boolean }
  | { type: "textarea" }
  | { type: "enum"; values: readonly string[]; optional?: boolean }
  | { type: "int"; min?: number; max?: number; optional?: boolean }
  | { type: "float"; optional?: boolean }
  | { type: "date"; optional?: boolean }
  | { type: "bool" };

export interface FieldSpec {
  name: string;
  label: string;
  spec: FieldType;
}

const f = (name: string, label: string, spec: FieldType): FieldSpec => ({ name, label, spec });
const level = (name: string, label: string, optional = false) =>
  f(name, label, { type: "int", min: 1, max: 5, optional });

export const FIELDS: Record<NodeKind, FieldSpec[]> = {
  Actor: [
    f("name", "Name", { type: "text", required: true, max: 200 }),
    f("sector", "Sector", {
      type: "enum",
      values: SECTORS,
    }),
    f("scale", "Scale", {
      type: "enum",
      values: ["NEIGHBOURHOOD", "MUNICIPAL", "INTERMUNICIPAL", "REGIONAL", "NATIONAL", "EUROPEAN"],
    }),
    f("description", "Description", { type: "textarea" }),
    level("influence", "Influence (1-5)"),
    level("interest", "Interest (1-5)"),
    f("profile", "Profile (citizen groups)", { type: "text", max: 500 }),
    f("size", "Size", { type: "int", min: 0, optional: true }),
    f("website", "Website", { type: "text", max: 500 }),
  ],
  Topic: [
    f("name", "Name", { type: "text", required: true, max: 200 }),
    f("dimension", "Dimension", { type: "enum", values: ["A", "B", "C", "D", "E", "F", "G", "H", "I"] }),
    f("component", "Component code", { type: "text", max: 3 }),
    f("description", "Description", { type: "textarea" }),
  ],
  Criterion: [
    f("text", "Text", { type: "textarea" }),
    f("question", "Question", { type: "enum", values: ["WELLBEING", "ILLBEING", "ACTION"] }),
    f("dimension", "Dimension", {
      type: "enum",
      values: ["A", "B", "C", "D", "E", "F", "G", "H", "I"],
      optional: true,
    }),
    f("code", "Code", { type: "text", max: 3 }),
    f("meaning", "Meaning", {
      type: "enum",
      values: ["ATTAINMENT", "OPPOSITION", "POSSIBILITY", "QUALITY", "SUSTAINABILITY"],
      optional: true,
    }),
  ],
  Indicator: [
    f("name", "Name", { type: "text", required: true, max: 200 }),
    f("unit", "Unit", { type: "text", max: 50 }),
    f("description", "Description", { type: "textarea" }),
    f("level1", "Level 1 (very unsatisfactory)", { type: "text", max: 500 }),
    f("level2", "Level 2 (unsatisfactory)", { type: "text", max: 500 }),
    f("level3", "Level 3 (average)", { type: "text", max: 500 }),
    f("level4", "Level 4 (good)", { type: "text", max: 500 }),
    f("level5", "Level 5 (ideal)", { type: "text", max: 500 }),
    f("direction", "Direction", { type: "enum", values: ["HIGHER_IS_BETTER", "LOWER_IS_BETTER"] }),
    level("targetLevel", "Target level", true),
  ],
  Measurement: [
    f("on", "Date", { type: "date" }),
    f("value", "Value", { type: "float" }),
    level("level", "Level", true),
    f("source", "Source", { type: "text", max: 500 }),
  ],
  Commitment: [
    f("title", "Title", { type: "text", required: true, max: 200 }),
    f("description", "Description", { type: "textarea" }),
    f("status", "Status", {
      type: "enum",
      values: ["PROPOSED", "ACTIVE", "FULFILLED", "LAPSED", "WITHDRAWN"],
    }),
    f("startsOn", "Starts on", { type: "date", optional: true }),
    f("endsOn", "Ends on", { type: "date", optional: true }),
    f("resources", "Resources", { type: "text", max: 500 }),
    f("progress", "Progress (%)", { type: "int", min: 0, max: 100 }),
    f("horizon", "Horizon", { type: "enum", values: ["SHORT", "MEDIUM", "LONG"] }),
    f("usesNonRenewable", "Uses non-renewable resources", { type: "bool" }),
  ],
  Contract: [
    f("title", "Title", { type: "text", required: true, max: 200 }),
    f("objective", "Objective", { type: "textarea" }),
    f("signedOn", "Signed on", { type: "date", optional: true }),
    f("durationMonths", "Duration (months)", { type: "int", min: 1, max: 240, optional: true }),
    f("reviewOn", "Review on", { type: "date", optional: true }),
  ],
  Action: [
    f("title", "Title", { type: "text", required: true, max: 200 }),
    f("description", "Description", { type: "textarea" }),
    f("kind", "Kind", { type: "enum", values: ["PILOT", "PLAN"] }),
    f("status", "Status", { type: "enum", values: ["PLANNED", "ONGOING", "DONE", "ABANDONED"] }),
    f("startsOn", "Starts on", { type: "date", optional: true }),
    f("endsOn", "Ends on", { type: "date", optional: true }),
    f("progress", "Progress (%)", { type: "int", min: 0, max: 100 }),
  ],
  FutureConcern: [
    f("title", "Title", { type: "text", required: true, max: 200 }),
    f("description", "Description", { type: "textarea" }),
    f("horizonYears", "Horizon (years)", { type: "int", min: 1, max: 1000 }),
  ],
  Evaluation: [
    f("phase", "Phase", { type: "enum", values: ["EX_ANTE", "EX_POST"] }),
    level("level", "Level (1-5)"),
    f("on", "Date", { type: "date" }),
    f("comment", "Comment", { type: "textarea" }),
  ],
};

/** The GraphQL selection of a kind's own fields (for fragments). */
export function selection(kind: NodeKind): string {
  return FIELDS[kind].map((s) => s.name).join(" ");
}

/**
 * A field's value as typed in a form, converted for the API; an error message (shown next to
 * the field) when it cannot be.
 */
export function parseInput(spec: FieldType, raw: string | boolean): { value: unknown } | { error: string } {
  if (spec.type === "bool") return { value: Boolean(raw) };
  const text = String(raw).trim();
  switch (spec.type) {
    case "text":
      if (spec.required && !text) return { error: "This field is required." };
      if (spec.max !== undefined && text.length > spec.max)
        return { error: `At most ${spec.max} characters (${text.length} given).` };
      return { value: text };
    case "textarea":
      return { value: text };
    case "enum":
      if (!text) return spec.optional ? { value: null } : { error: "Choose a value." };
      if (!spec.values.includes(text)) return { error: `Unknown value '${text}'.` };
      return { value: text };
    case "int": {
      if (!text) return spec.optional ? { value: null } : { error: "A number is required." };
      if (!/^-?\d+$/.test(text)) return { error: `'${text}' is not a whole number.` };
      const n = Number(text);
      if (spec.min !== undefined && n < spec.min) return { error: `At least ${spec.min} (${n} given).` };
      if (spec.max !== undefined && n > spec.max) return { error: `At most ${spec.max} (${n} given).` };
      return { value: n };
    }
    case "float": {
      if (!text) return spec.optional ? { value: null } : { error: "A number is required." };
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: `'${text}' is not a number.` };
    }
    case "date":
      if (!text) return spec.optional ? { value: null } : { error: "A date is required." };
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? { value: text }
        : { error: `'${text}' is not a date (YYYY-MM-DD).` };
  }
}

/**
 * Which kinds each relationship joins, from -> to: graph/model.py ENDPOINTS, written to
 * src/generated/endpoints.json at build time (npm run generate; webui/endpoints.py).
 */
export const ENDPOINTS: Record<string, [NodeKind, NodeKind][]> = Object.fromEntries(
  Object.entries(endpointsJson as Record<string, string[][]>).map(([type, pairs]) => [
    type,
    pairs.map(([from, to]) => [asNodeKind(from, type), asNodeKind(to, type)]),
  ]),
);

function asNodeKind(kind: string | undefined, type: string): NodeKind {
  if ((NODE_KINDS as readonly (string | undefined)[]).includes(kind)) return kind as NodeKind;
  throw new Error(
    `endpoints.json: ${type} joins '${String(kind)}', not a kind the UI knows (types.ts NODE_KINDS)`,
  );
}

/** Relationships a node of ``kind`` can start, each with the kinds it may point to. */
export function linkOptions(kind: NodeKind): { type: string; targets: NodeKind[] }[] {
  const out: { type: string; targets: NodeKind[] }[] = [];
  for (const [type, pairs] of Object.entries(ENDPOINTS)) {
    const targets = pairs.filter(([from]) => from === kind).map(([, to]) => to);
    if (targets.length) out.push({ type, targets });
  }
  return out;
}

/**
 * Properties a relationship type carries (graph/model.py PROPS_MODELS). They travel as a JSON
 * object in the domain model's own spelling: snake_case keys, lower-case enum values.
 */
export const REL_PROPS: Record<string, FieldSpec[]> = {
  WORKS_ON: [level("intensity", "Intensity (1-5)", true)],
  COLLABORATES_WITH: [
    f("since", "Since", { type: "date", optional: true }),
    level("strength", "Strength (1-5)", true),
    f("evidence", "Evidence", { type: "text", max: 500 }),
  ],
  SIGNED: [
    f("role", "Role", {
      type: "enum",
      values: ["initiator", "partner_author", "signatory", "facilitator"],
      optional: true,
    }),
    f("on", "Signed on", { type: "date", optional: true }),
  ],
  FUNDS: [
    f("amount", "Amount", { type: "float", optional: true }),
    f("since", "Since", { type: "date", optional: true }),
  ],
};

/** The properties object to send: only the fields given (empty ones are left to the defaults). */
export function relProperties(
  type: string,
  raw: Record<string, string>,
): { value: Record<string, unknown> } | { error: string; field: string } {
  const out: Record<string, unknown> = {};
  for (const spec of REL_PROPS[type] ?? []) {
    const text = raw[spec.name] ?? "";
    if (!text.trim()) continue;
    const parsed = parseInput(spec.spec, text);
    if ("error" in parsed) return { error: parsed.error, field: spec.name };
    out[spec.name] = parsed.value;
  }
  return { value: out };
}
