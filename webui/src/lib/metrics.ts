// Measures a map can be sized by. Brandes' betweenness (Brandes, "A faster algorithm for
// betweenness centrality", J. Math. Sociol. 25(2), 2001), exact below a size threshold and
// estimated from a fixed, seeded set of pivots above it (Brandes & Pich 2007), as networkx does
// with ``k=``. Links count in both directions.
import type { MapData } from "./types";

export type SizeBy = "degree" | "betweenness" | "commitments" | "uniform";

export function degree(data: MapData): Map<string, number> {
  const d = new Map<string, number>(data.nodes.map((n) => [n.id, 0]));
  for (const e of data.edges) {
    if (!d.has(e.from) || !d.has(e.to)) continue;
    d.set(e.from, (d.get(e.from) ?? 0) + 1);
    d.set(e.to, (d.get(e.to) ?? 0) + 1);
  }
  return d;
}

/**
 * Commitments per node: an actor's commitments (MADE), a contract's (PART_OF), a topic's,
 * indicator's or concern's (ADDRESSES); 1 for a commitment itself; 0 otherwise.
 */
export function commitmentCounts(data: MapData): Map<string, number> {
  const c = new Map<string, number>();
  for (const n of data.nodes) c.set(n.id, n.kind === "Commitment" ? 1 : 0);
  for (const e of data.edges) {
    const target = e.type === "MADE" ? e.from : e.type === "PART_OF" || e.type === "ADDRESSES" ? e.to : null;
    if (target !== null && c.has(target)) c.set(target, (c.get(target) ?? 0) + 1);
  }
  return c;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same pivots every time. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BetweennessOptions {
  /** Above this many nodes, estimate from ``pivots`` sources. */
  exactUpTo?: number;
  pivots?: number;
  seed?: number;
}

/**
 * Betweenness of every node of the undirected graph, normalised to [0, 1] by
 * 2 / ((n - 1)(n - 2)) as networkx does for undirected graphs.
 */
export function betweenness(data: MapData, opts: BetweennessOptions = {}): Map<string, number> {
  const ids = data.nodes.map((n) => n.id);
  const n = ids.length;
  const at = new Map(ids.map((id, i) => [id, i]));
  const adj: number[][] = ids.map(() => []);
  for (const e of data.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    (adj[a] as number[]).push(b);
    (adj[b] as number[]).push(a);
  }
  const cb = new Float64Array(n);
  let sources: number[] = ids.map((_, i) => i);
  const exactUpTo = opts.exactUpTo ?? 1500;
  if (n > exactUpTo) {
    const k = Math.min(n, opts.pivots ?? 300);
    const rnd = mulberry32(opts.seed ?? 42);
    const order = sources.slice();
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    sources = order.slice(0, k);
  }
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n);
  const delta = new Float64Array(n);
  const stack = new Int32Array(n);
  const queue = new Int32Array(n);
  const preds: number[][] = ids.map(() => []);
  for (const s of sources) {
    sigma.fill(0);
    dist.fill(-1);
    delta.fill(0);
    for (const p of preds) p.length = 0;
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    let tail = 0;
    let top = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++] as number;
      stack[top++] = v;
      for (const w of adj[v] as number[]) {
        if ((dist[w] as number) < 0) {
          dist[w] = (dist[v] as number) + 1;
          queue[tail++] = w;
        }
        if (dist[w] === (dist[v] as number) + 1) {
          sigma[w] = (sigma[w] as number) + (sigma[v] as number);
          (preds[w] as number[]).push(v);
        }
      }
    }
    while (top > 0) {
      const w = stack[--top] as number;
      for (const v of preds[w] as number[]) {
        delta[v] =
          (delta[v] as number) + ((sigma[v] as number) / (sigma[w] as number)) * (1 + (delta[w] as number));
      }
      if (w !== s) cb[w] = (cb[w] as number) + (delta[w] as number);
    }
  }
  // Each undirected path was counted from both ends; a sample scales up to all n sources.
  const scale = (n / sources.length) * (n > 2 ? 1 / ((n - 1) * (n - 2)) : 1);
  const out = new Map<string, number>();
  ids.forEach((id, i) => out.set(id, (cb[i] as number) * scale));
  return out;
}
