// One territory's map as the UI holds it: loaded once through `map`, kept current by
// mapChanged, with the measures the map can be sized by. Views subscribe to its changes.
import { t } from "../i18n";
import { Index } from "./filters";
import { execute, GraphqlError, type Transport } from "./graphql";
import { followChanges, type ChangeEvent, type LiveHandle } from "./live";
import {
  MAP_AT_QUERY,
  MAP_QUERY,
  NODE_QUERY,
  parseTarget,
  toMapData,
  toMapNode,
  type GqlMap,
} from "./mapping";
import { commitmentCounts, degree } from "./metrics";
import { mark, testState } from "./testState";
import type { MapData, MapNode } from "./types";
import { edgeKey } from "./types";

export type MapListener = (reason: "loaded" | "changed", change?: ChangeEvent) => void;

export class MapStore {
  data: MapData = { nodes: [], edges: [] };
  index = new Index(this.data);
  degree = new Map<string, number>();
  commitments = new Map<string, number>();
  betweenness: Map<string, number> | null = null;
  /** ISO date-time when showing the map as it was (read-only), else null. */
  at: string | null = null;
  private listeners = new Set<MapListener>();
  private live: LiveHandle | null = null;
  private loading: Promise<void> | null = null;
  /** The seq of the last change the map holds: the map's changeSeq, then each applied change. */
  seq: number | null = null;

  constructor(
    readonly api: Transport,
    readonly territoryId: string,
  ) {}

  subscribe(fn: MapListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  node(id: string): MapNode | undefined {
    return this.index.nodes.get(id);
  }

  ensureLoaded(): Promise<void> {
    if (!this.loading) this.loading = this.load(null);
    return this.loading;
  }

  /** Show the map as it was at ``at`` (null: now). */
  showAt(at: string | null): Promise<void> {
    this.loading = this.load(at);
    return this.loading;
  }

  private async load(at: string | null): Promise<void> {
    mark("map-request");
    const answer: { territory?: { changeSeq: number } | null; compact: unknown } = at
      ? (await execute(this.api, MAP_AT_QUERY, { territoryId: this.territoryId, at })).mapAt
      : (await execute(this.api, MAP_QUERY, { territoryId: this.territoryId })).map;
    testState.payloadBytes["map"] = this.api.lastResponseBytes;
    mark("map-data");
    this.at = at;
    testState.mapAt = at;
    this.setData(toMapData(answer.compact as GqlMap)); // JSON: its shape is GqlMap
    if (!at) {
      // A reload while following: the new subscription resumes after the freshly read seq.
      const seq = answer.territory?.changeSeq ?? null;
      if (this.live && seq !== this.seq) this.stopLive();
      this.seq = seq;
    }
    this.emit("loaded");
    if (!at) this.startLive();
    else this.stopLive();
  }

  private setData(data: MapData): void {
    this.data = data;
    this.reindex();
  }

  private reindex(): void {
    this.index = new Index(this.data);
    this.degree = degree(this.data);
    this.commitments = commitmentCounts(this.data);
    this.betweenness = null;
    testState.nodeCount = this.data.nodes.length;
    testState.edgeCount = this.data.edges.length;
  }

  private emit(reason: "loaded" | "changed", change?: ChangeEvent): void {
    for (const fn of this.listeners) fn(reason, change);
  }

  startLive(): void {
    if (this.live) return;
    testState.subscription = "connecting";
    this.live = followChanges(
      this.territoryId,
      this.seq,
      (c) => {
        // A reconnect replays from the same afterSeq: skip what the map already holds.
        if (this.seq !== null && c.seq <= this.seq) return;
        this.seq = c.seq;
        void this.apply(c);
      },
      (status, error) => {
        testState.subscription = status;
        if (error) testState.lastError = t("error.live", { error: String(error) });
      },
    );
  }

  stopLive(): void {
    this.live?.close();
    this.live = null;
    testState.subscription = "off";
  }

  close(): void {
    this.stopLive();
    this.listeners.clear();
  }

  /** Apply one committed change: nodes are re-read through GraphQL, links patched in place. */
  async apply(change: ChangeEvent): Promise<void> {
    if (this.at) return;
    const target = parseTarget(change.target);
    const op = change.op.toUpperCase();
    if ("nodeId" in target) {
      if (op === "DELETE") {
        this.data = {
          nodes: this.data.nodes.filter((n) => n.id !== target.nodeId),
          edges: this.data.edges.filter((e) => e.from !== target.nodeId && e.to !== target.nodeId),
        };
      } else {
        const fresh = await this.fetchNode(target.nodeId);
        if (!fresh) return;
        const at = this.data.nodes.findIndex((n) => n.id === fresh.id);
        const nodes = this.data.nodes.slice();
        if (at >= 0) nodes[at] = fresh;
        else nodes.push(fresh);
        this.data = { nodes, edges: this.data.edges };
      }
    } else {
      const key = edgeKey(target);
      const edges = this.data.edges.filter((e) => edgeKey(e) !== key);
      const props = change.after?.["properties"];
      if (op === "LINK")
        edges.push({
          ...target,
          properties: props && typeof props === "object" ? (props as Record<string, unknown>) : {},
        });
      this.data = { nodes: this.data.nodes, edges };
    }
    this.reindex();
    testState.liveEvents++;
    this.emit("changed", change);
  }

  /** Put a node the user just saved into the map at once (the live event confirms it later). */
  upsertLocal(node: MapNode): void {
    const nodes = this.data.nodes.slice();
    const at = nodes.findIndex((n) => n.id === node.id);
    if (at >= 0) nodes[at] = node;
    else nodes.push(node);
    this.data = { nodes, edges: this.data.edges };
    this.reindex();
    this.emit("changed");
  }

  async fetchNode(id: string): Promise<MapNode | null> {
    try {
      const r = await execute(this.api, NODE_QUERY, { id });
      return r.node ? toMapNode(r.node) : null;
    } catch (err) {
      if (err instanceof GraphqlError) testState.lastError = err.message;
      return null;
    }
  }
}
