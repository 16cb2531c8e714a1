// Node positions: seeded starting points (the same map starts the same way every time) and
// the finished layout saved per territory, so the map looks the same tomorrow.
import type { MapData } from "./types";

export type Positions = Record<string, [number, number]>;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function storageKey(territoryId: string): string {
  return `pactmap:positions:${territoryId}`;
}

/** FNV-1a, a stable 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A point on a disc whose radius grows with the map, chosen by the id alone. */
export function seededPoint(id: string, count: number): [number, number] {
  const h = hash32(id);
  const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const r = Math.sqrt(((h >>> 16) + 1) / 0x10000) * Math.sqrt(Math.max(count, 1)) * 10;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

/**
 * Positions for every node of ``data``: the saved one when there is one; else near its placed
 * neighbours (their average, nudged by the id) when it has some; else a seeded point.
 * ``missing`` counts the nodes that had no saved position (the layout runs when it is large).
 */
export function placeNodes(data: MapData, saved: Positions): { positions: Positions; missing: number } {
  const positions: Positions = {};
  let missing = 0;
  const count = data.nodes.length;
  for (const n of data.nodes) {
    const p = saved[n.id];
    if (p && Number.isFinite(p[0]) && Number.isFinite(p[1])) positions[n.id] = [p[0], p[1]];
  }
  const neighbours = new Map<string, string[]>();
  for (const e of data.edges) {
    (neighbours.get(e.from) ?? neighbours.set(e.from, []).get(e.from))?.push(e.to);
    (neighbours.get(e.to) ?? neighbours.set(e.to, []).get(e.to))?.push(e.from);
  }
  for (const n of data.nodes) {
    if (positions[n.id]) continue;
    missing++;
    const placed = (neighbours.get(n.id) ?? []).map((id) => positions[id]).filter((p) => p !== undefined);
    if (placed.length > 0) {
      const h = hash32(n.id);
      const x = placed.reduce((s, p) => s + p[0], 0) / placed.length + ((h & 0xff) / 255 - 0.5) * 4;
      const y = placed.reduce((s, p) => s + p[1], 0) / placed.length + (((h >>> 8) & 0xff) / 255 - 0.5) * 4;
      positions[n.id] = [x, y];
    } else {
      positions[n.id] = seededPoint(n.id, count);
    }
  }
  return { positions, missing };
}

export function loadPositions(store: KeyValueStore, territoryId: string): Positions {
  const raw = store.getItem(storageKey(territoryId));
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object") return {};
    const out: Positions = {};
    for (const [id, p] of Object.entries(parsed as Record<string, unknown>)) {
      if (Array.isArray(p) && p.length === 2 && typeof p[0] === "number" && typeof p[1] === "number") {
        out[id] = [p[0], p[1]];
      }
    }
    return out;
  } catch {
    return {};
  }
}

export function savePositions(store: KeyValueStore, territoryId: string, positions: Positions): void {
  const rounded: Positions = {};
  for (const [id, [x, y]] of Object.entries(positions)) {
    rounded[id] = [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
  }
  try {
    store.setItem(storageKey(territoryId), JSON.stringify(rounded));
  } catch {
    // A full storage quota only costs a re-layout next time.
  }
}
