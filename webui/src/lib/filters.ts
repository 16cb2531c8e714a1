// What the map shows: Kumu's vocabulary. A filter hides what does not match, a showcase fades
// it, a focus keeps only a node's neighbourhood of 1-3 steps. Pure functions over MapData.
import { searchKey, type MapData, type MapEdge, type MapNode, type NodeKind } from "./types";

export interface FilterState {
  kinds: ReadonlySet<NodeKind>;
  sectors: ReadonlySet<string>;
  dimensions: ReadonlySet<string>;
  statuses: ReadonlySet<string>;
  topicIds: ReadonlySet<string>;
  contractIds: ReadonlySet<string>;
  search: string;
  mode: "filter" | "showcase";
  focus: { nodeId: string; depth: number } | null;
}

export function emptyFilter(): FilterState {
  return {
    kinds: new Set(),
    sectors: new Set(),
    dimensions: new Set(),
    statuses: new Set(),
    topicIds: new Set(),
    contractIds: new Set(),
    search: "",
    mode: "filter",
    focus: null,
  };
}

export function isFilterActive(f: FilterState): boolean {
  return (
    f.kinds.size +
      f.sectors.size +
      f.dimensions.size +
      f.statuses.size +
      f.topicIds.size +
      f.contractIds.size >
      0 || f.search.trim() !== ""
  );
}

export class Index {
  readonly nodes = new Map<string, MapNode>();
  readonly neighbours = new Map<string, Set<string>>();
  readonly out = new Map<string, MapEdge[]>();
  readonly in = new Map<string, MapEdge[]>();

  constructor(readonly data: MapData) {
    for (const n of data.nodes) {
      this.nodes.set(n.id, n);
      this.neighbours.set(n.id, new Set());
    }
    for (const e of data.edges) {
      if (!this.nodes.has(e.from) || !this.nodes.has(e.to)) continue;
      this.neighbours.get(e.from)?.add(e.to);
      this.neighbours.get(e.to)?.add(e.from);
      push(this.out, e.from, e);
      push(this.in, e.to, e);
    }
  }

  outgoing(id: string, type?: string): MapEdge[] {
    const list = this.out.get(id) ?? [];
    return type ? list.filter((e) => e.type === type) : list;
  }

  incoming(id: string, type?: string): MapEdge[] {
    const list = this.in.get(id) ?? [];
    return type ? list.filter((e) => e.type === type) : list;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Nodes within ``depth`` steps of ``start`` (links followed in both directions), start included. */
export function neighbourhood(index: Index, start: string, depth: number): Set<string> {
  const seen = new Set<string>();
  if (!index.nodes.has(start)) return seen;
  seen.add(start);
  let frontier = [start];
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const nb of index.neighbours.get(id) ?? []) {
        if (!seen.has(nb)) {
          seen.add(nb);
          next.push(nb);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** A topic's scope: the topic and every node one step from it. */
function around(index: Index, ids: ReadonlySet<string>): Set<string> {
  const scope = new Set<string>();
  for (const id of ids) for (const n of neighbourhood(index, id, 1)) scope.add(n);
  return scope;
}

/** A contract's scope: the contract, what touches it, and the actors who made its commitments. */
function contractScope(index: Index, ids: ReadonlySet<string>): Set<string> {
  const scope = around(index, ids);
  for (const id of ids) {
    for (const part of index.incoming(id, "PART_OF")) {
      for (const made of index.incoming(part.from, "MADE")) scope.add(made.from);
    }
  }
  return scope;
}

/**
 * The ids of the nodes matching every active facet. A facet only judges the nodes it applies
 * to: sector judges actors, status judges commitments, contracts and actions; dimension judges
 * topics and criteria by their own dimension and actors by the topics they work on. Topic and
 * contract facets keep those nodes and their surroundings; search keeps labels containing the
 * text (case and accents ignored).
 */
export function matching(index: Index, f: FilterState): Set<string> {
  const topicScope = f.topicIds.size ? around(index, f.topicIds) : null;
  const contractScopeIds = f.contractIds.size ? contractScope(index, f.contractIds) : null;
  const needle = searchKey(f.search.trim());
  const result = new Set<string>();
  for (const node of index.nodes.values()) {
    if (f.kinds.size && !f.kinds.has(node.kind)) continue;
    if (f.sectors.size && node.kind === "Actor" && !f.sectors.has(node.sector ?? "OTHER")) continue;
    if (f.statuses.size && node.status !== undefined && !f.statuses.has(node.status)) continue;
    if (f.dimensions.size && !matchesDimension(index, node, f.dimensions)) continue;
    if (topicScope && !topicScope.has(node.id)) continue;
    if (contractScopeIds && !contractScopeIds.has(node.id)) continue;
    if (needle && !searchKey(node.label).includes(needle)) continue;
    result.add(node.id);
  }
  return result;
}

function matchesDimension(index: Index, node: MapNode, dims: ReadonlySet<string>): boolean {
  if (node.kind === "Topic" || node.kind === "Criterion") {
    return node.dimension !== undefined && dims.has(node.dimension);
  }
  if (node.kind === "Actor") {
    return index.outgoing(node.id, "WORKS_ON").some((e) => {
      const d = index.nodes.get(e.to)?.dimension;
      return d !== undefined && dims.has(d);
    });
  }
  return true;
}

export interface Visibility {
  /** Drawn at all. */
  visible: Set<string>;
  /** Drawn, but faded (showcase mode: visible and not matching). */
  faded: Set<string>;
  /** Matching every facet. */
  matched: Set<string>;
}

export function visibility(index: Index, f: FilterState): Visibility {
  const matched = matching(index, f);
  let visible: Set<string>;
  const faded = new Set<string>();
  if (f.mode === "filter") {
    visible = new Set(matched);
  } else {
    visible = new Set(index.nodes.keys());
    for (const id of visible) if (!matched.has(id)) faded.add(id);
  }
  if (f.focus && index.nodes.has(f.focus.nodeId)) {
    const around = neighbourhood(index, f.focus.nodeId, f.focus.depth);
    for (const id of visible) if (!around.has(id)) visible.delete(id);
    visible.add(f.focus.nodeId);
    faded.delete(f.focus.nodeId);
    for (const id of faded) if (!visible.has(id)) faded.delete(id);
  }
  return { visible, faded, matched };
}

/** Edges to draw: both ends visible. */
export function visibleEdges(edges: readonly MapEdge[], visible: ReadonlySet<string>): MapEdge[] {
  return edges.filter((e) => visible.has(e.from) && visible.has(e.to));
}

/**
 * Names matching the search box, best first: a label starting with the text, then one with a
 * word starting with it, then any other; among equals the shorter (closer) label, then A-Z.
 */
export function searchNodes(index: Index, text: string, limit = 20): MapNode[] {
  const needle = searchKey(text.trim());
  if (!needle) return [];
  const hits: [number, MapNode][] = [];
  for (const n of index.nodes.values()) {
    const key = searchKey(n.label);
    const at = key.indexOf(needle);
    if (at < 0) continue;
    const wordStart =
      at === 0 ? 0 : new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(needle)}`, "u").test(key) ? 1 : 2;
    hits.push([wordStart, n]);
  }
  hits.sort(
    (a, b) => a[0] - b[0] || a[1].label.length - b[1].label.length || a[1].label.localeCompare(b[1].label),
  );
  return hits.slice(0, limit).map(([, n]) => n);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
