// Colours and sizes. Colours come from the Okabe-Ito palette (Okabe & Ito, "Color Universal
// Design", 2008), chosen to stay distinct under the common forms of colour blindness.
import { t } from "../i18n";
import { kindLabel, enumLabel as sectorLabel } from "../i18n/labels";
import type { MapNode, NodeKind, Sector } from "./types";

export const OKABE_ITO = {
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
  black: "#000000",
} as const;

export const NEUTRAL = "#9E9E9E";
export const FADED = "#EBEBEB";

export const KIND_COLOURS: Record<NodeKind, string> = {
  Actor: OKABE_ITO.blue,
  Topic: OKABE_ITO.orange,
  Indicator: OKABE_ITO.bluishGreen,
  Commitment: OKABE_ITO.skyBlue,
  Contract: OKABE_ITO.vermillion,
  Action: OKABE_ITO.reddishPurple,
  FutureConcern: OKABE_ITO.yellow,
  Criterion: OKABE_ITO.black,
  Measurement: NEUTRAL,
  Evaluation: "#6E6E6E",
};

export const SECTOR_COLOURS: Record<Sector, string> = {
  PUBLIC_AUTHORITY: OKABE_ITO.blue,
  PUBLIC_SERVICE: OKABE_ITO.skyBlue,
  PRIVATE_COMPANY: OKABE_ITO.vermillion,
  SOCIAL_ECONOMY: OKABE_ITO.bluishGreen,
  ASSOCIATION: OKABE_ITO.orange,
  CITIZEN_GROUP: OKABE_ITO.reddishPurple,
  OTHER: OKABE_ITO.black,
};

/** Colours for groups (silos): Okabe-Ito without black, then repeated. */
export const GROUP_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

export type ColourBy = "type" | "sector";

export function nodeColour(node: Pick<MapNode, "kind" | "sector">, by: ColourBy): string {
  if (by === "sector") {
    if (node.kind !== "Actor") return "#8A8A8A";
    return SECTOR_COLOURS[(node.sector ?? "OTHER") as Sector] ?? SECTOR_COLOURS.OTHER;
  }
  return KIND_COLOURS[node.kind];
}

export function groupColour(index: number): string {
  const n = GROUP_COLOURS.length;
  return GROUP_COLOURS[((index % n) + n) % n] as string;
}

export interface LegendEntry {
  label: string;
  colour: string;
}

export function legend(by: ColourBy, present: Iterable<MapNode>): LegendEntry[] {
  const kinds = new Set<NodeKind>();
  const sectors = new Set<string>();
  for (const n of present) {
    kinds.add(n.kind);
    if (n.kind === "Actor") sectors.add(n.sector ?? "OTHER");
  }
  if (by === "sector") {
    const entries = Object.entries(SECTOR_COLOURS)
      .filter(([s]) => sectors.has(s))
      .map(([s, colour]) => ({ label: sectorLabel(s), colour }));
    if ([...kinds].some((k) => k !== "Actor"))
      entries.push({ label: t("legend.notActor"), colour: "#8A8A8A" });
    return entries;
  }
  return Object.entries(KIND_COLOURS)
    .filter(([k]) => kinds.has(k as NodeKind))
    .map(([k, colour]) => ({ label: kindLabel(k as NodeKind), colour }));
}

export { kindLabel } from "../i18n/labels";

/** A sector, role or status value in words, in the chosen language. */
export { enumLabel as sectorLabel } from "../i18n/labels";

export const MIN_SIZE = 3;
export const MAX_SIZE = 16;

/**
 * Node radii from a measure: the area grows with the value (radius ~ sqrt), from MIN_SIZE for
 * the smallest value to MAX_SIZE for the largest; all MIN_SIZE + 2 when every value is equal.
 */
export function sizesFrom(values: ReadonlyMap<string, number>): Map<string, number> {
  let max = -Infinity;
  let min = Infinity;
  for (const v of values.values()) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const out = new Map<string, number>();
  const span = Math.sqrt(Math.max(0, max)) - Math.sqrt(Math.max(0, min));
  for (const [id, v] of values) {
    if (!(span > 0)) {
      out.set(id, MIN_SIZE + 2);
      continue;
    }
    const t = (Math.sqrt(Math.max(0, v)) - Math.sqrt(Math.max(0, min))) / span;
    out.set(id, MIN_SIZE + t * (MAX_SIZE - MIN_SIZE));
  }
  return out;
}
