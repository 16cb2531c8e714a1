// The map on screen: a graphology graph drawn by sigma (WebGL), laid out by ForceAtlas2 in a
// web worker, with a 2D overlay for groups (hulls), dashed links (gaps) and marked nodes.
import Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { inferSettings } from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import type { NodeDisplayData, EdgeDisplayData } from "sigma/types";
import { FADED } from "./palette";
import { convexHull, inflate, type Point } from "./hull";
import type { Positions } from "./positions";
import type { MapData } from "./types";
import { edgeKey } from "./types";

const SYNC_MS = 400;

export interface Overlay {
  groups: { colour: string; nodeIds: string[]; label: string }[];
  dashed: { from: string; to: string; colour: string; highlighted?: boolean }[];
  rings: { nodeId: string; colour: string }[];
}

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  kind: string;
  [key: string]: unknown;
}

export class GraphCanvas {
  readonly graph = new Graph<NodeAttrs>({ multi: true, type: "directed", allowSelfLoops: false });
  readonly sigma: Sigma<NodeAttrs>;
  private visible: ReadonlySet<string> | null = null;
  private faded: ReadonlySet<string> = new Set();
  private selected: string | null = null;
  private highlighted: ReadonlySet<string> = new Set();
  private overlay: Overlay = { groups: [], dashed: [], rings: [] };
  private overlayCanvas: HTMLCanvasElement;
  private layout: FA2Layout | null = null;
  private layoutTimer: number | null = null;
  private syncTimer: number | null = null;
  private layoutGraph: Graph<NodeAttrs> | null = null;
  private firstRender: (() => void) | null = null;
  private sized: ResizeObserver;
  /** While a large map is laid out, draw nodes only: every layout step redraws the map. */
  private lite = false;

  constructor(
    readonly container: HTMLElement,
    onClickNode: (id: string) => void,
    onClickStage: () => void,
  ) {
    this.sigma = new Sigma(this.graph, container, {
      renderEdgeLabels: false,
      hideEdgesOnMove: true,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      defaultEdgeColor: "#BDBDBD",
      zIndex: true,
      allowInvalidContainer: true,
      nodeReducer: (id, data) => this.reduceNode(id, data),
      edgeReducer: (id, data) => this.reduceEdge(id, data as unknown as Record<string, unknown>),
    });
    this.overlayCanvas = this.sigma.createCanvas("pactmap-overlay", { beforeLayer: "edges" });
    this.overlayCanvas.setAttribute("aria-hidden", "true");
    this.sigma.on("clickNode", ({ node }) => onClickNode(node));
    this.sigma.on("clickStage", () => onClickStage());
    this.sigma.on("afterRender", () => {
      this.drawOverlay();
      const cb = this.firstRender;
      if (cb && this.graph.order > 0 && this.hasSize()) {
        this.firstRender = null;
        cb();
      }
    });
    // The views build the map before their element is in the page (and a background tab lays
    // nothing out): sigma then measures 0 px and keeps a 1x1 px canvas until something makes it
    // measure again. Redraw whenever the container gets (or changes) its size.
    this.sized = new ResizeObserver(() => {
      if (this.container.offsetWidth > 0 && this.container.offsetHeight > 0) this.sigma.scheduleRefresh();
    });
    this.sized.observe(container);
  }

  /** Sigma drew at the container's real size (with allowInvalidContainer it draws 1x1 px at 0 px). */
  private hasSize(): boolean {
    const { width, height } = this.sigma.getDimensions();
    return (
      width > 0 &&
      width === this.container.offsetWidth &&
      height > 0 &&
      height === this.container.offsetHeight
    );
  }

  /** ``cb`` runs once, after the first render with nodes at the container's real size. */
  onFirstRender(cb: () => void): void {
    this.firstRender = cb;
  }

  setData(
    data: MapData,
    positions: Positions,
    colour: (id: string) => string,
    size: (id: string) => number,
  ): void {
    this.stopLayout();
    this.graph.clear();
    for (const n of data.nodes) {
      const p = positions[n.id] ?? [0, 0];
      this.graph.addNode(n.id, {
        x: p[0],
        y: p[1],
        size: size(n.id),
        color: colour(n.id),
        label: n.label,
        kind: n.kind,
      });
    }
    for (const e of data.edges) {
      if (!this.graph.hasNode(e.from) || !this.graph.hasNode(e.to)) continue;
      const key = edgeKey(e);
      if (!this.graph.hasEdge(key))
        this.graph.addDirectedEdgeWithKey(key, e.from, e.to, { relType: e.type, size: 1 });
    }
  }

  restyle(colour: (id: string) => string, size: (id: string) => number): void {
    this.graph.updateEachNodeAttributes((id, attrs) => ({ ...attrs, color: colour(id), size: size(id) }));
  }

  setVisibility(visible: ReadonlySet<string> | null, faded: ReadonlySet<string>): void {
    this.visible = visible;
    this.faded = faded;
    this.sigma.refresh({ skipIndexation: true });
  }

  setSelected(id: string | null, highlighted: ReadonlySet<string> = new Set()): void {
    this.selected = id;
    this.highlighted = highlighted;
    this.sigma.refresh({ skipIndexation: true });
  }

  setOverlay(overlay: Overlay): void {
    this.overlay = overlay;
    this.sigma.scheduleRender();
  }

  /** Nodes sigma will draw (not hidden by the reducer). */
  renderedCount(): number {
    let n = 0;
    this.graph.forEachNode((id) => {
      if (!this.visible || this.visible.has(id)) n++;
    });
    return n;
  }

  positions(): Positions {
    const out: Positions = {};
    this.graph.forEachNode((id, a) => {
      out[id] = [a.x, a.y];
    });
    return out;
  }

  centreOn(id: string): void {
    const d = this.sigma.getNodeDisplayData(id);
    if (!d) return;
    void this.sigma
      .getCamera()
      .animate({ x: d.x, y: d.y, ratio: Math.min(this.sigma.getCamera().ratio, 0.5) }, { duration: 400 });
  }

  resetCamera(): void {
    void this.sigma.getCamera().animatedReset({ duration: 300 });
  }

  zoom(by: number): void {
    const cam = this.sigma.getCamera();
    void cam.animate({ ratio: cam.ratio / by }, { duration: 200 });
  }

  /**
   * ForceAtlas2 in a web worker, for ``millis`` at most; ``done`` gets the final positions.
   * Barnes-Hut above 1,000 nodes keeps each iteration O(n log n). The worker lays out a copy
   * of the graph; the drawn map takes its positions every SYNC_MS, so the main thread redraws
   * a few times a second instead of after every iteration and stays free for the user.
   */
  runLayout(millis: number, done: (positions: Positions) => void): void {
    this.stopLayout();
    if (this.graph.order === 0) {
      done({});
      return;
    }
    const settings = inferSettings(this.graph);
    const shadow = this.graph.copy();
    this.layoutGraph = shadow;
    this.layout = new FA2Layout(shadow, {
      settings: { ...settings, barnesHutOptimize: this.graph.order > 1000, adjustSizes: false },
    });
    this.lite = this.graph.size > 3000 || this.graph.order > 2000;
    if (this.lite) this.sigma.setSetting("renderLabels", false);
    this.layout.start();
    this.syncTimer = window.setInterval(() => this.syncPositions(), SYNC_MS);
    this.layoutTimer = window.setTimeout(() => {
      this.syncPositions();
      this.stopLayout();
      done(this.positions());
    }, millis);
  }

  private syncPositions(): void {
    const shadow = this.layoutGraph;
    if (!shadow) return;
    this.graph.updateEachNodeAttributes(
      (id, attrs) => {
        if (shadow.hasNode(id)) {
          const p = shadow.getNodeAttributes(id);
          attrs.x = p.x;
          attrs.y = p.y;
        }
        return attrs;
      },
      { attributes: ["x", "y"] },
    );
  }

  layoutRunning(): boolean {
    return this.layout?.isRunning() ?? false;
  }

  stopLayout(): void {
    if (this.layoutTimer !== null) window.clearTimeout(this.layoutTimer);
    this.layoutTimer = null;
    if (this.syncTimer !== null) window.clearInterval(this.syncTimer);
    this.syncTimer = null;
    this.layoutGraph = null;
    if (this.layout) {
      this.layout.kill();
      this.layout = null;
    }
    if (this.lite) {
      this.lite = false;
      this.sigma.setSetting("renderLabels", true);
    }
  }

  kill(): void {
    this.sized.disconnect();
    this.stopLayout();
    this.sigma.kill();
  }

  private reduceNode(id: string, data: NodeAttrs): Partial<NodeDisplayData> {
    const res: Partial<NodeDisplayData> = { ...data };
    if (this.visible && !this.visible.has(id)) {
      res.hidden = true;
      return res;
    }
    if (this.faded.has(id) && id !== this.selected) {
      res.color = FADED;
      res.label = "";
      res.zIndex = 0;
    } else {
      res.zIndex = 1;
    }
    if (id === this.selected) {
      res.highlighted = true;
      res.zIndex = 3;
      res.forceLabel = true;
    } else if (this.highlighted.has(id)) {
      res.zIndex = 2;
      res.forceLabel = true;
    }
    return res;
  }

  private reduceEdge(id: string, data: Record<string, unknown>): Partial<EdgeDisplayData> {
    const res = { ...(data as Partial<EdgeDisplayData>) };
    if (this.lite) {
      res.hidden = true;
      return res;
    }
    const [from, to] = this.graph.extremities(id);
    if (this.visible && (!this.visible.has(from) || !this.visible.has(to))) {
      res.hidden = true;
      return res;
    }
    if (this.faded.has(from) || this.faded.has(to)) res.color = "#EFEFEF";
    if (this.selected && (from === this.selected || to === this.selected)) {
      res.color = "#444444";
      res.size = 2;
      res.zIndex = 2;
    }
    return res;
  }

  private drawOverlay(): void {
    const canvas = this.overlayCanvas;
    const { width, height } = this.sigma.getDimensions();
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const at = (id: string): Point | null => {
      if (!this.graph.hasNode(id) || (this.visible && !this.visible.has(id))) return null;
      const a = this.graph.getNodeAttributes(id);
      const p = this.sigma.graphToViewport({ x: a.x, y: a.y });
      return [p.x, p.y];
    };
    for (const g of this.overlay.groups) {
      const pts = g.nodeIds.map(at).filter((p): p is Point => p !== null);
      if (pts.length === 0) continue;
      const hull = inflate(convexHull(pts), 14);
      ctx.beginPath();
      if (hull.length < 3) {
        for (const [x, y] of hull) {
          ctx.moveTo(x + 16, y);
          ctx.arc(x, y, 16, 0, 2 * Math.PI);
        }
      } else {
        hull.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.closePath();
      }
      ctx.fillStyle = g.colour + "22";
      ctx.strokeStyle = g.colour + "99";
      ctx.lineWidth = 1.5;
      ctx.fill();
      ctx.stroke();
    }
    for (const d of this.overlay.dashed) {
      const a = at(d.from);
      const b = at(d.to);
      if (!a || !b) continue;
      ctx.beginPath();
      ctx.setLineDash(d.highlighted ? [8, 4] : [5, 5]);
      ctx.strokeStyle = d.colour;
      ctx.lineWidth = d.highlighted ? 3 : 1.5;
      ctx.moveTo(a[0], a[1]);
      ctx.lineTo(b[0], b[1]);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const r of this.overlay.rings) {
      const p = at(r.nodeId);
      if (!p) continue;
      const size = this.sigma.getNodeDisplayData(r.nodeId)?.size ?? 5;
      const radius = this.sigma.scaleSize(size) + 5;
      ctx.beginPath();
      ctx.arc(p[0], p[1], radius, 0, 2 * Math.PI);
      ctx.strokeStyle = r.colour;
      ctx.lineWidth = 3;
      ctx.stroke();
    }
  }
}
