// Application state exposed on window.__pactmap for the browser tests: they assert on this, not
// on pixels. Views write into it (the map also reads back its layout state). Only a test build
// (`vite build --mode testhooks`, `make webui-test`) puts it on window: exposeTestState() is
// called under import.meta.env.MODE, which Vite replaces at build time, so a production bundle
// drops the call and this module's `__pactmap` with it.

export interface TestState {
  view: string;
  territoryId: string | null;
  user: string | null;
  role: string | null;
  /** The language the UI is shown in (i18n locale()). */
  lang: string;
  nodeCount: number;
  edgeCount: number;
  visibleNodeIds: string[];
  fadedNodeIds: string[];
  selectedNodeId: string | null;
  renderedNodes: number;
  layout: "idle" | "running" | "done" | "saved";
  mapAt: string | null;
  lastError: string | null;
  /** Failures the user was shown that no test expects (GraphQL or network errors). */
  errors: string[];
  liveEvents: number;
  subscription: "off" | "connecting" | "open" | "closed";
  gaps: number;
  suggestions: number;
  chartPoints: number;
  /** The texts of the indicator chart's time axis as last drawn (in the UI's language). */
  chartTimeLabels: string[];
  /** The measure node sizes currently show. */
  sizeBy: string;
  timings: Record<string, number>;
  payloadBytes: Record<string, number>;
  /** The SPIRAL cycle views (criteria, synthesis & cycles). */
  cycleViews: CycleViewsState;
}

export interface CycleViewsState {
  criteriaLines: number;
  criteriaSaved: number;
  criteriaGroups: string[];
  /** "dimension|indicator name" for each indicator the synthesis lists. */
  synthesisIndicators: string[];
  cycle: number;
  cycles: number[];
  /** The cycle diff shown: section id -> its items. */
  diff: Record<string, string[]> | null;
  /** Territory ids of the profiles compared, the last file downloaded, the last import's counts. */
  compared: string[];
  exported: string | null;
  imported: { created: number; updated: number; unchanged: number } | null;
}

export const testState: TestState = {
  view: "boot",
  territoryId: null,
  user: null,
  role: null,
  lang: "en",
  nodeCount: 0,
  edgeCount: 0,
  visibleNodeIds: [],
  fadedNodeIds: [],
  selectedNodeId: null,
  renderedNodes: 0,
  layout: "idle",
  mapAt: null,
  lastError: null,
  errors: [],
  liveEvents: 0,
  subscription: "off",
  gaps: 0,
  suggestions: 0,
  chartPoints: 0,
  chartTimeLabels: [],
  sizeBy: "degree",
  timings: {},
  payloadBytes: {},
  cycleViews: {
    criteriaLines: 0,
    criteriaSaved: 0,
    criteriaGroups: [],
    synthesisIndicators: [],
    cycle: 0,
    cycles: [],
    diff: null,
    compared: [],
    exported: null,
    imported: null,
  },
};

declare global {
  interface Window {
    __pactmap?: TestState;
  }
}

/** Puts testState on window; main.ts calls it in a test build only. */
export function exposeTestState(): void {
  window.__pactmap = testState;
}

/** A performance mark, also kept in testState.timings (ms since navigation start). */
export function mark(name: string): void {
  performance.mark(`pactmap:${name}`);
  testState.timings[name] = Math.round(performance.now());
}
