// The map explorer: search, filters (hide) and showcase (fade), focus on a neighbourhood,
// colour and size by a field with a legend, layout in a worker with positions saved.
import type { AppContext, View } from "../app";
import { betweennessInWorker } from "../lib/betweennessClient";
import { GraphCanvas } from "../lib/canvas";
import { formatDateTime, t } from "../i18n";
import { append, clear, h } from "../lib/dom";
import { drawer } from "../lib/drawer";
import { emptyFilter, isFilterActive, neighbourhood, visibility, type FilterState } from "../lib/filters";
import { legend, nodeColour, sizesFrom, type ColourBy } from "../lib/palette";
import { loadPositions, placeNodes, savePositions } from "../lib/positions";
import type { SizeBy } from "../lib/metrics";
import { mark, testState } from "../lib/testState";

import { facetControls } from "./mapFilters";
import { searchBox } from "./mapSearch";
import { sidePanel, type Panel } from "./panel";

interface MapViewState {
  filter: FilterState;
  colourBy: ColourBy;
  sizeBy: SizeBy;
  focusDepth: number;
}

const viewStates = new Map<string, MapViewState>();

function viewState(territoryId: string): MapViewState {
  let s = viewStates.get(territoryId);
  if (!s) {
    s = { filter: emptyFilter(), colourBy: "sector", sizeBy: "degree", focusDepth: 1 };
    viewStates.set(territoryId, s);
  }
  return s;
}

export function layoutBudget(nodes: number): number {
  return Math.min(1500 + nodes * 1.5, 12000);
}

export async function mapView(ctx: AppContext): Promise<View> {
  const store = ctx.map;
  const vs = viewState(ctx.territoryId);
  const canvasEl = h("div", {
    className: "sigma",
    "data-testid": "map-canvas",
    role: "img",
    "aria-label": t("map.canvasLabel"),
  });
  const legendEl = h("ul", { className: "legend", "data-testid": "legend", "aria-label": t("map.legend") });
  const countEl = h("p", { className: "muted", "data-testid": "visible-count", "aria-live": "polite" });
  const banner = h("div", { className: "banner", "data-testid": "map-at-banner", hidden: true });
  const panelEl = h("aside", {
    className: "panel",
    id: "side-panel",
    "aria-label": t("map.panelLabel"),
    "data-testid": "side-panel",
  });
  let selected: string | null = ctx.params.get("node");
  let panel: Panel | null = null;
  let sizes = new Map<string, number>();

  // Narrow screens: the controls and the side panel are drawers over the map (style.css).
  const controls = h("aside", { className: "controls", id: "map-controls", "aria-label": t("map.controls") });
  const controlsDrawer = drawer(controls, t("map.controlsDrawer"), "open-controls");
  const panelDrawer = drawer(panelEl, t("map.panelDrawer"), "open-panel");

  const canvas = new GraphCanvas(
    canvasEl,
    (id) => select(id),
    () => select(null),
  );

  const { searchInput, results, renderResults } = searchBox(store, vs, {
    select: (id, centre) => {
      controlsDrawer.setOpen(false);
      select(id, centre);
    },
    apply: () => apply(),
  });
  const { facets, renderFacets } = facetControls(store, vs, () => apply());

  const modeFilter = h("input", {
    type: "radio",
    name: "mode",
    id: "mode-filter",
    value: "filter",
    checked: vs.filter.mode === "filter",
    "data-testid": "mode-filter",
  });
  const modeShowcase = h("input", {
    type: "radio",
    name: "mode",
    id: "mode-showcase",
    value: "showcase",
    checked: vs.filter.mode === "showcase",
    "data-testid": "mode-showcase",
  });
  for (const r of [modeFilter, modeShowcase]) {
    r.addEventListener("change", () => {
      vs.filter = { ...vs.filter, mode: modeShowcase.checked ? "showcase" : "filter" };
      apply();
    });
  }

  const colourSelect = h(
    "select",
    { id: "colour-by", "data-testid": "colour-by" },
    h("option", { value: "sector", selected: vs.colourBy === "sector" }, t("map.colourSector")),
    h("option", { value: "type", selected: vs.colourBy === "type" }, t("map.colourType")),
  );
  colourSelect.addEventListener("change", () => {
    vs.colourBy = colourSelect.value as ColourBy;
    restyle();
  });
  const sizeSelect = h(
    "select",
    { id: "size-by", "data-testid": "size-by" },
    (["degree", "betweenness", "commitments", "uniform"] as SizeBy[]).map((s) =>
      h("option", { value: s, selected: vs.sizeBy === s }, t("map.sizeBy", { measure: s })),
    ),
  );
  sizeSelect.addEventListener("change", () => {
    vs.sizeBy = sizeSelect.value as SizeBy;
    void resize();
  });

  const focusDepth = h(
    "select",
    { id: "focus-depth", "data-testid": "focus-depth" },
    [1, 2, 3].map((d) =>
      h("option", { value: String(d), selected: vs.focusDepth === d }, t("map.steps", { count: d })),
    ),
  );
  const focusButton = h(
    "button",
    { type: "button", "data-testid": "focus-toggle", "aria-pressed": String(vs.filter.focus !== null) },
    t("map.focus"),
  );
  focusDepth.addEventListener("change", () => {
    vs.focusDepth = Number(focusDepth.value);
    if (vs.filter.focus)
      vs.filter = { ...vs.filter, focus: { nodeId: vs.filter.focus.nodeId, depth: vs.focusDepth } };
    apply();
  });
  focusButton.addEventListener("click", () => {
    if (vs.filter.focus) {
      vs.filter = { ...vs.filter, focus: null };
      // Back to the whole map, not the neighbourhood's zoom (issue 14).
      canvas.resetCamera();
    } else if (selected) vs.filter = { ...vs.filter, focus: { nodeId: selected, depth: vs.focusDepth } };
    else ctx.notify(t("map.selectFirst"));
    apply();
  });

  const clearButton = h("button", { type: "button", "data-testid": "clear-filters" }, t("map.clear"));
  clearButton.addEventListener("click", () => {
    vs.filter = { ...emptyFilter(), mode: vs.filter.mode };
    searchInput.value = "";
    renderResults();
    renderFacets();
    apply();
  });

  const relayout = h("button", { type: "button", "data-testid": "relayout" }, t("map.relayout"));
  relayout.addEventListener("click", () => runLayout());

  // ---------------------------------------------------------------- drawing
  function colourOf(id: string): string {
    const n = store.node(id);
    return n ? nodeColour(n, vs.colourBy) : "#999";
  }
  function sizeOf(id: string): number {
    return sizes.get(id) ?? 5;
  }
  async function computeSizes(): Promise<void> {
    const wanted = vs.sizeBy;
    let values: Map<string, number>;
    if (wanted === "degree") values = store.degree;
    else if (wanted === "commitments") values = store.commitments;
    else if (wanted === "betweenness") {
      const data = store.data;
      const computed = store.betweenness ?? (await betweennessInWorker(data));
      if (store.data === data) store.betweenness = computed;
      values = computed;
    } else values = new Map(store.data.nodes.map((n) => [n.id, 1]));
    // A slower measure that arrives after the user picked another must not win.
    if (vs.sizeBy === wanted) {
      sizes = sizesFrom(values);
      testState.sizeBy = wanted;
    }
  }
  async function resize(): Promise<void> {
    try {
      await computeSizes();
      canvas.restyle(colourOf, sizeOf);
    } catch (err) {
      ctx.fail(err);
    }
  }
  function restyle(): void {
    canvas.restyle(colourOf, sizeOf);
    renderLegend();
    renderResults();
  }
  function renderLegend(): void {
    clear(legendEl);
    for (const e of legend(vs.colourBy, store.data.nodes)) {
      legendEl.append(
        h(
          "li",
          {},
          h("span", { className: "swatch", style: `background:${e.colour}`, "aria-hidden": "true" }),
          e.label,
        ),
      );
    }
  }

  function apply(): void {
    const vis = visibility(store.index, vs.filter);
    const all = !isFilterActive(vs.filter) && !vs.filter.focus;
    canvas.setVisibility(all ? null : vis.visible, vis.faded);
    testState.visibleNodeIds = [...vis.visible].sort();
    testState.fadedNodeIds = [...vis.faded].sort();
    testState.renderedNodes = canvas.renderedCount();
    focusButton.setAttribute("aria-pressed", String(vs.filter.focus !== null));
    focusButton.textContent = vs.filter.focus ? t("map.leaveFocus") : t("map.focus");
    const total = store.data.nodes.length;
    countEl.textContent =
      vs.filter.mode === "showcase" && !vs.filter.focus
        ? t("map.matched", { count: vis.matched.size, total })
        : t("map.shown", { count: vis.visible.size, total });
    canvasEl.setAttribute(
      "aria-label",
      t("map.canvasSummary", { territory: ctx.territoryName, count: countEl.textContent }),
    );
  }

  function select(id: string | null, centre = false): void {
    selected = id && store.node(id) ? id : null;
    testState.selectedNodeId = selected;
    const params = new URLSearchParams(location.search);
    if (selected) params.set("node", selected);
    else params.delete("node");
    const qs = params.toString();
    history.replaceState(null, "", `${location.pathname}${qs ? `?${qs}` : ""}`);
    canvas.setSelected(selected, selected ? neighbourhood(store.index, selected, 1) : new Set());
    if (selected && centre) canvas.centreOn(selected);
    if (selected && vs.filter.focus) {
      vs.filter = { ...vs.filter, focus: { nodeId: selected, depth: vs.focusDepth } };
      apply();
    }
    panel?.destroy();
    panel = null;
    clear(panelEl);
    if (selected) {
      panel = sidePanel(ctx, selected, {
        onClose: () => select(null),
        onSelect: (other) => select(other, true),
      });
      panelEl.append(panel.el);
      panelDrawer.setOpen(true);
    } else {
      panelDrawer.setOpen(false);
      panelEl.append(h("p", { className: "muted hint" }, t("map.hint")));
    }
  }

  // ---------------------------------------------------------------- layout
  function runLayout(): void {
    testState.layout = "running";
    relayout.disabled = true;
    canvas.runLayout(layoutBudget(store.data.nodes.length), (positions) => {
      if (!store.at) savePositions(localStorage, ctx.territoryId, positions);
      testState.layout = store.at ? "done" : "saved";
      relayout.disabled = false;
      mark("layout-done");
    });
  }

  function draw(fromLoad: boolean): void {
    const saved = fromLoad
      ? loadPositions(localStorage, ctx.territoryId)
      : { ...loadPositions(localStorage, ctx.territoryId), ...canvas.positions() };
    const { positions, missing } = placeNodes(store.data, saved);
    canvas.setData(store.data, positions, colourOf, sizeOf);
    renderLegend();
    renderFacets();
    // A live rename shows in the open search results too (issue 14).
    renderResults();
    apply();
    if (selected && !store.node(selected)) select(null);
    const n = store.data.nodes.length;
    if (fromLoad && (missing > Math.max(3, n * 0.05) || Object.keys(saved).length === 0)) {
      runLayout();
    } else {
      if (missing > 0 && !store.at) savePositions(localStorage, ctx.territoryId, positions);
      testState.layout = "saved";
    }
  }

  function showBanner(): void {
    banner.hidden = !store.at;
    clear(banner);
    if (store.at) {
      banner.append(
        t("map.atBanner", { when: formatDateTime(store.at) }),
        " ",
        h(
          "button",
          {
            type: "button",
            "data-testid": "back-to-now",
            onclick: () => void store.showAt(null).catch((e: unknown) => ctx.fail(e)),
          },
          t("map.backToNow"),
        ),
      );
    }
  }

  const unsubscribe = store.subscribe((reason, change) => {
    void (async () => {
      await computeSizes().catch((e: unknown) => ctx.fail(e));
      if (reason === "loaded") {
        draw(true);
        showBanner();
      } else {
        draw(false);
        if (change && selected && change.target.includes(selected)) panel?.refresh();
      }
    })();
  });

  canvas.onFirstRender(() => mark("map-rendered"));
  await store.ensureLoaded();
  await computeSizes();
  draw(true);
  showBanner();
  select(selected);
  renderResults();

  const zoomIn = h(
    "button",
    {
      type: "button",
      "aria-label": t("map.zoomIn"),
      "data-testid": "zoom-in",
      onclick: () => canvas.zoom(1.5),
    },
    "+",
  );
  const zoomOut = h(
    "button",
    {
      type: "button",
      "aria-label": t("map.zoomOut"),
      "data-testid": "zoom-out",
      onclick: () => canvas.zoom(1 / 1.5),
    },
    "−",
  );
  const zoomReset = h(
    "button",
    {
      type: "button",
      "aria-label": t("map.zoomReset"),
      "data-testid": "zoom-reset",
      onclick: () => canvas.resetCamera(),
    },
    "⤢",
  );

  append(controls, [
    controlsDrawer.closeButton(),
    h("label", { for: "map-search" }, t("map.search")),
    searchInput,
    results,
    countEl,
    h(
      "fieldset",
      { className: "facet" },
      h("legend", {}, t("map.nonMatching")),
      h("label", { className: "check" }, modeFilter, t("map.modeFilter")),
      h("label", { className: "check" }, modeShowcase, t("map.modeShowcase")),
    ),
    h("details", { open: true }, h("summary", {}, t("map.filters")), facets, clearButton),
    h(
      "details",
      { open: true },
      h("summary", {}, t("map.focusSection")),
      h("label", { for: "focus-depth" }, t("map.neighbourhood")),
      focusDepth,
      focusButton,
    ),
    h(
      "details",
      { open: true },
      h("summary", {}, t("map.style")),
      h("label", { for: "colour-by" }, t("map.colourBy")),
      colourSelect,
      h("label", { for: "size-by" }, t("map.sizeByLabel")),
      sizeSelect,
    ),
    h(
      "details",
      {},
      h("summary", {}, t("map.layout")),
      h("p", { className: "muted" }, t("map.layoutHint")),
      relayout,
    ),
  ]);

  const onResize = () => canvas.sigma.resize();
  window.addEventListener("resize", onResize);
  const el = h(
    "div",
    { className: "map-layout" },
    controls,
    h(
      "section",
      { className: "canvas-wrap", "aria-label": t("nav.map") },
      h("h1", { className: "sr-only" }, t("map.heading", { territory: ctx.territoryName })),
      banner,
      canvasEl,
      h("div", { className: "map-tools" }, controlsDrawer.button, panelDrawer.button),
      h("div", { className: "legend-box" }, legendEl),
      h("div", { className: "zoom" }, zoomIn, zoomOut, zoomReset),
    ),
    panelEl,
  );
  // sigma needs its container in the document to measure it.
  queueMicrotask(() => {
    canvas.sigma.resize();
    canvas.sigma.refresh();
  });
  return {
    el,
    destroy() {
      unsubscribe();
      window.removeEventListener("resize", onResize);
      panel?.destroy();
      if (testState.layout === "running") {
        // A layout cut short still leaves better positions than the seeded ones.
        if (!store.at) savePositions(localStorage, ctx.territoryId, canvas.positions());
        testState.layout = "saved";
      }
      canvas.kill();
    },
  };
}
