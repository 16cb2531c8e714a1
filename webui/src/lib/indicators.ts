// Indicator trajectories: the latest level, the trend, grouping by dimension, chart data.

export interface MeasurementPoint {
  on: string;
  value: number;
  level: number | null;
}

export interface IndicatorSummary {
  id: string;
  name: string;
  unit: string;
  direction: string;
  targetLevel: number | null;
  topics: { dimension: string }[];
  measurements: MeasurementPoint[];
}

export function byDate(ms: readonly MeasurementPoint[]): MeasurementPoint[] {
  return [...ms].sort((a, b) => a.on.localeCompare(b.on));
}

export function latest(ms: readonly MeasurementPoint[]): MeasurementPoint | null {
  return byDate(ms).at(-1) ?? null;
}

/**
 * "better", "worse" or "stable" between the last two measurements: by level when both have
 * one, else by value read through the indicator's direction.
 */
export function trend(
  ms: readonly MeasurementPoint[],
  direction: string,
): "better" | "worse" | "stable" | "unknown" {
  const sorted = byDate(ms);
  const b = sorted.at(-1);
  const a = sorted.at(-2);
  if (!a || !b) return "unknown";
  if (a.level !== null && b.level !== null) {
    return b.level > a.level ? "better" : b.level < a.level ? "worse" : "stable";
  }
  if (b.value === a.value) return "stable";
  const up = b.value > a.value;
  return up === (direction !== "LOWER_IS_BETTER") ? "better" : "worse";
}

/** Indicators grouped by the dimension of their first topic ("—" without one), A..I order. */
export function byDimension<T extends IndicatorSummary>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const i of items) {
    const d = i.topics[0]?.dimension ?? "—";
    (groups.get(d) ?? groups.set(d, []).get(d))?.push(i);
  }
  return [...groups.entries()]
    .sort((a, b) => Number(a[0] === "—") - Number(b[0] === "—") || a[0].localeCompare(b[0]))
    .map(([d, list]) => [d, list.sort((x, y) => x.name.localeCompare(y.name))]);
}

/** Seconds since the epoch at 12:00 UTC of an ISO date (uPlot's time axis). */
export function toSeconds(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T12:00:00Z`) / 1000;
}

/** Columns for uPlot: time, level (null where unknown), value. */
export function chartColumns(ms: readonly MeasurementPoint[]): [number[], (number | null)[], number[]] {
  const sorted = byDate(ms);
  return [sorted.map((m) => toSeconds(m.on)), sorted.map((m) => m.level), sorted.map((m) => m.value)];
}
