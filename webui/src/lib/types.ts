// The web UI's own view of a territory's map: plain records, independent of GraphQL's shape.

export const NODE_KINDS = [
  "Actor",
  "Topic",
  "Criterion",
  "Indicator",
  "Measurement",
  "Commitment",
  "Contract",
  "Action",
  "FutureConcern",
  "Evaluation",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const SECTORS = [
  "PUBLIC_AUTHORITY",
  "PUBLIC_SERVICE",
  "PRIVATE_COMPANY",
  "SOCIAL_ECONOMY",
  "ASSOCIATION",
  "CITIZEN_GROUP",
  "OTHER",
] as const;
export type Sector = (typeof SECTORS)[number];

export const DIMENSIONS = ["A", "B", "C", "D", "E", "F", "G", "H", "I"] as const;

export interface MapNode {
  id: string;
  kind: NodeKind;
  label: string;
  version: number;
  /** Upper-case enum values as GraphQL gives them (e.g. "CITIZEN_GROUP"), when the kind has them. */
  sector?: string | undefined;
  dimension?: string | undefined;
  status?: string | undefined;
  /** Every other field, camelCase, as the API returned it. */
  fields: Record<string, unknown>;
}

export interface MapEdge {
  from: string;
  to: string;
  type: string;
  properties: Record<string, unknown>;
}

export interface MapData {
  nodes: MapNode[];
  edges: MapEdge[];
}

export function edgeKey(e: { from: string; to: string; type: string }): string {
  return `${e.from}|${e.type}|${e.to}`;
}

export function humanize(value: string): string {
  const spaced = value
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Fold case and accents, as the server's search does ('Énergie' is found by 'energie'). */
export function searchKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}
