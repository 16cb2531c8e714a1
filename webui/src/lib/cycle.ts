// The SPIRAL cycle views' pure logic: bulk criteria typed one per line, the suggested
// classification a facilitator corrects, and a cycle diff as titled sections.
import { graphql } from "../generated/gql";
import { t, tMaybe, type MessageId } from "../i18n";
import { enumLabel } from "../i18n/labels";

/** SPIRAL's three questions; `label` and `short` are catalog messages. */
export const QUESTIONS = [
  { id: "WELLBEING", label: "question.wellbeing", short: "question.wellbeingShort" },
  { id: "ILLBEING", label: "question.illbeing", short: "question.illbeingShort" },
  { id: "ACTION", label: "question.action", short: "question.actionShort" },
] as const satisfies readonly { id: string; label: MessageId; short: MessageId }[];
export type Question = (typeof QUESTIONS)[number]["id"];

/** What suggestionsQuery asks of each suggestion (a typed fragment, checked against the schema). */
const SUGGESTION_FIELDS = graphql(`
  fragment SuggestionFields on ClassificationSuggestion {
    code
    dimension
    name
    score
  }
`);

/** A suggestion as the helpers below read it (SuggestionFieldsFragment is one). */
export interface Suggestion {
  code: string;
  dimension: string;
  name: string;
  score: number;
}

/** One typed answer, with the classification the facilitator will save (null: unclassified). */
export interface CriterionLine {
  text: string;
  question: Question;
  suggestions: Suggestion[];
  dimension: string | null;
  code: string | null;
}

/** The answers in a textarea: one per line, bullets and numbering dropped, blank lines skipped,
 * the same answer typed twice for the same question kept once. */
export function parseBulk(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, "").trim();
    if (!line) continue;
    const key = line.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

/** A line with the best suggestion preselected. */
export function withSuggestions(text: string, question: Question, suggestions: Suggestion[]): CriterionLine {
  const best = suggestions[0];
  return { text, question, suggestions, dimension: best?.dimension ?? null, code: best?.code ?? null };
}

/** The facilitator picks a dimension: a component of another dimension no longer fits. */
export function setDimension(line: CriterionLine, dimension: string | null): CriterionLine {
  const code =
    line.code && line.suggestions.some((s) => s.code === line.code && s.dimension === dimension)
      ? line.code
      : null;
  return { ...line, dimension, code };
}

/** The facilitator picks a component: its dimension comes with it (null: no component). */
export function setCode(line: CriterionLine, code: string | null): CriterionLine {
  if (code === null) return { ...line, code: null };
  const s = line.suggestions.find((x) => x.code === code);
  return s ? { ...line, code, dimension: s.dimension } : line;
}

/** A recordCriteria note (CriterionNoteInput). */
export function toNote(line: CriterionLine): {
  text: string;
  question: Question;
  dimension?: string;
  code?: string;
} {
  const note: { text: string; question: Question; dimension?: string; code?: string } = {
    text: line.text,
    question: line.question,
  };
  if (line.dimension) note.dimension = line.dimension;
  if (line.code) note.code = line.code;
  return note;
}

/**
 * One GraphQL document asking suggestClassification for every text at once (aliased s0, s1, ...):
 * built per request, since the number of texts varies; its fields are SuggestionFields.
 */
export function suggestionsQuery(
  texts: string[],
  limit = 5,
): { query: string; variables: Record<string, string> } {
  if (texts.length === 0) return { query: "", variables: {} };
  const params = texts.map((_, i) => `$t${i}: String!`).join(", ");
  const fields = texts
    .map((_, i) => `s${i}: suggestClassification(text: $t${i}, limit: ${limit}) { ...SuggestionFields }`)
    .join("\n");
  const variables: Record<string, string> = {};
  texts.forEach((t, i) => (variables[`t${i}`] = t));
  return { query: `query Suggest(${params}) {\n${fields}\n}\n${SUGGESTION_FIELDS.toString()}`, variables };
}

export interface NodeRef {
  id: string;
  name: string;
  sector?: string | null;
}

export interface CycleDiff {
  fromCycle: number;
  toCycle: number;
  newActors: NodeRef[];
  newSectors: string[];
  newCrossSectorTies: { actors: NodeRef[]; via: string[] }[];
  newSignatories: NodeRef[];
  newlyRepresentedGroups: NodeRef[];
  newIndicators: NodeRef[];
  newCommitments: NodeRef[];
  newContracts: NodeRef[];
  counts: { name: string; before: number; after: number }[];
}

export interface DiffSection {
  id: string;
  title: string;
  items: string[];
}

const humanSector = (s: string) => enumLabel(s).toLowerCase();

/** The diff as the sections the view lists, co-responsibility first. */
export function diffSections(d: CycleDiff): DiffSection[] {
  const names = (refs: NodeRef[]) => refs.map((r) => r.name);
  return [
    {
      id: "actors",
      title: t("diff.actors"),
      items: d.newActors.map((a) => (a.sector ? `${a.name} (${humanSector(a.sector)})` : a.name)),
    },
    { id: "sectors", title: t("diff.sectors"), items: d.newSectors.map(humanSector) },
    {
      id: "ties",
      title: t("diff.ties"),
      items: d.newCrossSectorTies.map((tie) => {
        const pair = tie.actors.map((a) => a.name).join(" — ");
        return tie.via.length ? t("diff.via", { pair, via: tie.via.join(", ") }) : pair;
      }),
    },
    { id: "signatories", title: t("diff.signatories"), items: names(d.newSignatories) },
    { id: "groups", title: t("diff.groups"), items: names(d.newlyRepresentedGroups) },
    { id: "indicators", title: t("diff.indicators"), items: names(d.newIndicators) },
    { id: "commitments", title: t("diff.commitments"), items: names(d.newCommitments) },
    { id: "contracts", title: t("diff.contracts"), items: names(d.newContracts) },
    {
      id: "counts",
      title: t("diff.counts"),
      items: d.counts
        .filter((c) => c.before !== c.after)
        .map((c) => `${tMaybe(`count.${c.name}`, c.name)}: ${c.before} → ${c.after}`),
    },
  ];
}

/** The formats exportFile / importFile take (api/schema/files.py); labels are catalog messages. */
export const FILE_FORMATS = [
  { id: "json", label: "format.json" },
  { id: "xlsx", label: "format.xlsx" },
  { id: "csv", label: "format.csv" },
  { id: "graphml", label: "format.graphml" },
  { id: "gexf", label: "format.gexf" },
  { id: "kumu", label: "format.kumu" },
] as const satisfies readonly { id: string; label: MessageId }[];

/** The format a file name implies (a .json file is taken as pactmap's own dump), or null. */
export function formatOf(filename: string): string | null {
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  if (filename.toLowerCase().endsWith(".kumu.json")) return "kumu";
  const known: Record<string, string> = {
    json: "json",
    xlsx: "xlsx",
    csv: "csv",
    zip: "csv",
    graphml: "graphml",
    gexf: "gexf",
  };
  return known[ext] ?? null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
