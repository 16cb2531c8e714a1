// The editable fields of each node kind, as GraphQL names them (mirrors graph/model.py).
import { t, type MessageId } from "../i18n";
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
  /** The field's name for people: a catalog message (t(label)). */
  label: MessageId;
  spec: FieldType;
}

const f = (name: string, label: MessageId, spec: FieldType): FieldSpec => ({ name, label, spec });
const level = (name: string, label: MessageId, optional = false) =>
  f(name, label, { type: "int", min: 1, max: 5, optional });

export const FIELDS: Record<NodeKind, FieldSpec[]> = {
  Actor: [
    f("name", "field.name", { type: "text", required: true, max: 200 }),
    f("sector", "field.sector", {
      type: "enum",
      values: SECTORS,
    }),
    f("scale", "field.scale", {
      type: "enum",
      values: ["NEIGHBOURHOOD", "MUNICIPAL", "INTERMUNICIPAL", "REGIONAL", "NATIONAL", "EUROPEAN"],
    }),
    f("description", "field.description", { type: "textarea" }),
    level("influence", "field.influence"),
    level("interest", "field.interest"),
    f("profile", "field.profile", { type: "text", max: 500 }),
    f("size", "field.size", { type: "int", min: 0, optional: true }),
    f("website", "field.website", { type: "text", max: 500 }),
  ],
  Topic: [
    f("name", "field.name", { type: "text", required: true, max: 200 }),
    f("dimension", "field.dimension", {
      type: "enum",
      values: ["A", "B", "C", "D", "E", "F", "G", "H", "I"],
    }),
    f("component", "field.component", { type: "text", max: 3 }),
    f("description", "field.description", { type: "textarea" }),
  ],
  Criterion: [
    f("text", "field.text", { type: "textarea" }),
    f("question", "field.question", { type: "enum", values: ["WELLBEING", "ILLBEING", "ACTION"] }),
    f("dimension", "field.dimension", {
      type: "enum",
      values: ["A", "B", "C", "D", "E", "F", "G", "H", "I"],
      optional: true,
    }),
    f("code", "field.code", { type: "text", max: 3 }),
    f("meaning", "field.meaning", {
      type: "enum",
      values: ["ATTAINMENT", "OPPOSITION", "POSSIBILITY", "QUALITY", "SUSTAINABILITY"],
      optional: true,
    }),
  ],
  Indicator: [
    f("name", "field.name", { type: "text", required: true, max: 200 }),
    f("unit", "field.unit", { type: "text", max: 50 }),
    f("description", "field.description", { type: "textarea" }),
    f("level1", "field.level1", { type: "text", max: 500 }),
    f("level2", "field.level2", { type: "text", max: 500 }),
    f("level3", "field.level3", { type: "text", max: 500 }),
    f("level4", "field.level4", { type: "text", max: 500 }),
    f("level5", "field.level5", { type: "text", max: 500 }),
    f("direction", "field.direction", { type: "enum", values: ["HIGHER_IS_BETTER", "LOWER_IS_BETTER"] }),
    level("targetLevel", "field.targetLevel", true),
  ],
  Measurement: [
    f("on", "field.on", { type: "date" }),
    f("value", "field.value", { type: "float" }),
    level("level", "field.level", true),
    f("source", "field.source", { type: "text", max: 500 }),
  ],
  Commitment: [
    f("title", "field.title", { type: "text", required: true, max: 200 }),
    f("description", "field.description", { type: "textarea" }),
    f("status", "field.status", {
      type: "enum",
      values: ["PROPOSED", "ACTIVE", "FULFILLED", "LAPSED", "WITHDRAWN"],
    }),
    f("startsOn", "field.startsOn", { type: "date", optional: true }),
    f("endsOn", "field.endsOn", { type: "date", optional: true }),
    f("resources", "field.resources", { type: "text", max: 500 }),
    f("progress", "field.progress", { type: "int", min: 0, max: 100 }),
    f("horizon", "field.horizon", { type: "enum", values: ["SHORT", "MEDIUM", "LONG"] }),
    f("usesNonRenewable", "field.usesNonRenewable", { type: "bool" }),
  ],
  Contract: [
    f("title", "field.title", { type: "text", required: true, max: 200 }),
    f("objective", "field.objective", { type: "textarea" }),
    f("signedOn", "field.signedOn", { type: "date", optional: true }),
    f("durationMonths", "field.durationMonths", { type: "int", min: 1, max: 240, optional: true }),
    f("reviewOn", "field.reviewOn", { type: "date", optional: true }),
  ],
  Action: [
    f("title", "field.title", { type: "text", required: true, max: 200 }),
    f("description", "field.description", { type: "textarea" }),
    f("kind", "field.kind", { type: "enum", values: ["PILOT", "PLAN"] }),
    f("status", "field.status", { type: "enum", values: ["PLANNED", "ONGOING", "DONE", "ABANDONED"] }),
    f("startsOn", "field.startsOn", { type: "date", optional: true }),
    f("endsOn", "field.endsOn", { type: "date", optional: true }),
    f("progress", "field.progress", { type: "int", min: 0, max: 100 }),
  ],
  FutureConcern: [
    f("title", "field.title", { type: "text", required: true, max: 200 }),
    f("description", "field.description", { type: "textarea" }),
    f("horizonYears", "field.horizonYears", { type: "int", min: 1, max: 1000 }),
  ],
  Evaluation: [
    f("phase", "field.phase", { type: "enum", values: ["EX_ANTE", "EX_POST"] }),
    level("level", "field.levelScale"),
    f("on", "field.on", { type: "date" }),
    f("comment", "field.comment", { type: "textarea" }),
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
      if (spec.required && !text) return { error: t("input.required") };
      if (spec.max !== undefined && text.length > spec.max)
        return { error: t("input.maxChars", { max: spec.max, given: text.length }) };
      return { value: text };
    case "textarea":
      return { value: text };
    case "enum":
      if (!text) return spec.optional ? { value: null } : { error: t("input.choose") };
      if (!spec.values.includes(text)) return { error: t("input.unknownValue", { text }) };
      return { value: text };
    case "int": {
      if (!text) return spec.optional ? { value: null } : { error: t("input.numberRequired") };
      if (!/^-?\d+$/.test(text)) return { error: t("input.notWhole", { text }) };
      const n = Number(text);
      if (spec.min !== undefined && n < spec.min)
        return { error: t("input.atLeast", { min: spec.min, given: n }) };
      if (spec.max !== undefined && n > spec.max)
        return { error: t("input.atMost", { max: spec.max, given: n }) };
      return { value: n };
    }
    case "float": {
      if (!text) return spec.optional ? { value: null } : { error: t("input.numberRequired") };
      // A decimal comma is how French (and most European languages) write 12,5.
      const n = Number(/^-?\d+,\d+$/.test(text) ? text.replace(",", ".") : text);
      return Number.isFinite(n) ? { value: n } : { error: t("common.notANumber", { text }) };
    }
    case "date":
      if (!text) return spec.optional ? { value: null } : { error: t("input.dateRequired") };
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? { value: text }
        : { error: t("input.notDate", { text }) };
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
  // i18n-ignore: a build mismatch between generated files, read by developers.
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
  WORKS_ON: [level("intensity", "field.intensity", true)],
  COLLABORATES_WITH: [
    f("since", "field.since", { type: "date", optional: true }),
    level("strength", "field.strength", true),
    f("evidence", "field.evidence", { type: "text", max: 500 }),
  ],
  SIGNED: [
    f("role", "field.role", {
      type: "enum",
      values: ["initiator", "partner_author", "signatory", "facilitator"],
      optional: true,
    }),
    f("on", "field.on2", { type: "date", optional: true }),
  ],
  FUNDS: [
    f("amount", "field.amount", { type: "float", optional: true }),
    f("since", "field.since", { type: "date", optional: true }),
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
