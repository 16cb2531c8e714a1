// The gap explorer: silos drawn as groups, coordination gaps as dashed links, brokers ringed;
// lists of gaps and contract suggestions with their explanations and score terms. A
// suggestion becomes a draft contract ("Draft this contract"), or is rejected or kept for
// discussion with a note.
import type { AppContext, View } from "../app";
import { graphql } from "../generated/gql";
import {
  fetchAnalysis,
  gapPairs,
  siloIndex,
  termShares,
  type Analysis,
  type Gap,
  type Suggestion,
} from "../lib/analysis";
import { GraphCanvas } from "../lib/canvas";
import { clear, h } from "../lib/dom";
import { drawer } from "../lib/drawer";
import { execute } from "../lib/graphql";
import { groupColour, OKABE_ITO, sectorLabel, SECTOR_COLOURS, sizesFrom } from "../lib/palette";
import { loadPositions, placeNodes } from "../lib/positions";
import { canDraft } from "../lib/session";
import { mark, testState } from "../lib/testState";
import { humanize, type MapData, type Sector } from "../lib/types";

const ACCEPT = graphql(`
  mutation Accept($t: ID!, $s: ID!, $n: String!) {
    acceptSuggestion(territoryId: $t, suggestionId: $s, note: $n) {
      __typename
      ... on Contract {
        id
        title
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const REJECT = graphql(`
  mutation Reject($t: ID!, $s: ID!, $n: String!) {
    rejectSuggestion(territoryId: $t, suggestionId: $s, note: $n) {
      ...DecisionFields
    }
  }
`);

const DISCUSS = graphql(`
  mutation Discuss($t: ID!, $s: ID!, $n: String!) {
    discussSuggestion(territoryId: $t, suggestionId: $s, note: $n) {
      ...DecisionFields
    }
  }
`);

graphql(`
  fragment DecisionFields on DecisionResult {
    __typename
    ... on SuggestionDecisionRecord {
      decision
    }
    ...ValidationErrorFields
    ...NotFoundFields
    ...PermissionDeniedFields
  }
`);

const DRAWN_GAPS = 10;
const ACTOR_TIES = new Set(["COLLABORATES_WITH", "FUNDS", "MEMBER_OF", "REPRESENTS"]);

function swatch(sector?: string): HTMLElement {
  return h("span", {
    className: "swatch",
    style: `background:${SECTOR_COLOURS[(sector ?? "OTHER") as Sector] ?? "#999"}`,
    "aria-hidden": "true",
  });
}

export async function gapsView(ctx: AppContext): Promise<View> {
  if (!canDraft(ctx.role)) {
    // Running the analysis is a facilitator's right (api/auth.py GRANTS); say so plainly.
    testState.gaps = 0;
    testState.suggestions = 0;
    return {
      el: h(
        "div",
        { className: "page" },
        h(
          "div",
          { className: "card", "data-testid": "gaps-unavailable" },
          h("h1", {}, "Gap explorer"),
          h(
            "p",
            {},
            `The gap explorer runs the analysis of the map, which facilitators, coordinators and admins may do. Your role on ${ctx.territoryName} is ${String(ctx.role).toLowerCase()}: ask an admin if you need it.`,
          ),
        ),
      ),
    };
  }
  await ctx.map.ensureLoaded();
  const analysis: Analysis = await fetchAnalysis(ctx.api, ctx.territoryId);
  testState.gaps = analysis.gaps.length;
  testState.suggestions = analysis.suggestions.length;

  // ------------------------------------------------------------ the actors' map
  const actors: MapData = {
    nodes: ctx.map.data.nodes.filter((n) => n.kind === "Actor"),
    edges: ctx.map.data.edges.filter((e) => ACTOR_TIES.has(e.type)),
  };
  const silo = siloIndex(analysis.silos);
  const canvasEl = h("div", {
    className: "sigma",
    "data-testid": "gaps-canvas",
    role: "img",
    "aria-label": `Actors of ${ctx.territoryName} by silo: ${analysis.silos.length} silos, ${analysis.gaps.length} gaps drawn as dashed links`,
  });
  const canvas = new GraphCanvas(
    canvasEl,
    (id) => highlightActor(id),
    () => highlight(null),
  );
  canvas.onFirstRender(() => mark("gaps-rendered"));
  const { positions, missing } = placeNodes(actors, loadPositions(localStorage, ctx.territoryId));
  const degree = new Map(actors.nodes.map((n) => [n.id, 0]));
  for (const e of actors.edges) for (const id of [e.from, e.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const sizes = sizesFrom(degree);
  canvas.setData(
    actors,
    positions,
    (id) => (silo.has(id) ? groupColour(silo.get(id) as number) : "#8A8A8A"),
    (id) => sizes.get(id) ?? 5,
  );
  if (missing > actors.nodes.length * 0.5) canvas.runLayout(3000, () => undefined);
  const brokerIds = analysis.brokers.slice(0, 5).map((b) => b.actor.id);
  let selectedGap: number | null = null;

  function overlay(): void {
    canvas.setOverlay({
      groups: analysis.silos.map((s, i) => ({
        colour: groupColour(i),
        nodeIds: s.actors.map((a) => a.id),
        label: `Silo ${i + 1}`,
      })),
      // The best gaps, faint, and the one selected, bold: all fifty at once would hide the map.
      dashed: analysis.gaps.flatMap((g, i) =>
        i < DRAWN_GAPS || i === selectedGap
          ? gapPairs(g).map(([from, to]) => ({
              from,
              to,
              colour: i === selectedGap ? OKABE_ITO.vermillion : "#D55E0070",
              highlighted: i === selectedGap,
            }))
          : [],
      ),
      rings: brokerIds.map((id) => ({ nodeId: id, colour: OKABE_ITO.black })),
    });
  }
  overlay();

  function highlight(gapIndex: number | null): void {
    selectedGap = gapIndex;
    const gap = gapIndex === null ? null : analysis.gaps[gapIndex];
    canvas.setSelected(null, new Set(gap ? gap.actors.map((a) => a.id) : []));
    for (const card of gapList.querySelectorAll<HTMLElement>("[data-testid=gap-card]")) {
      card.classList.toggle("active", card.dataset["index"] === String(gapIndex));
      card.setAttribute("aria-pressed", String(card.dataset["index"] === String(gapIndex)));
    }
    overlay();
  }

  function highlightActor(id: string): void {
    const at = analysis.gaps.findIndex((g) => g.actors.some((a) => a.id === id));
    canvas.setSelected(id, new Set());
    if (at >= 0) {
      highlight(at);
      gapList.querySelector<HTMLElement>(`[data-index="${at}"]`)?.scrollIntoView({ block: "nearest" });
    }
  }

  // ------------------------------------------------------------ lists
  const gapList = h("ol", { className: "plain", "data-testid": "gap-list" });
  analysis.gaps.forEach((g: Gap, i) => {
    gapList.append(
      h(
        "li",
        {},
        h(
          "div",
          {
            className: "item-card",
            role: "button",
            tabindex: "0",
            "aria-pressed": "false",
            "data-testid": "gap-card",
            "data-index": String(i),
            "data-actor-ids": g.actors
              .map((a) => a.id)
              .sort()
              .join(","),
            "data-topic-ids": g.topics
              .map((t) => t.id)
              .sort()
              .join(","),
            onclick: () => highlight(selectedGap === i ? null : i),
            onkeydown: (e: KeyboardEvent) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                highlight(selectedGap === i ? null : i);
              }
            },
          },
          h(
            "h4",
            {},
            g.topics.map((t) => t.name).join(" + ") || "Shared work",
            h("span", { className: "muted small" }, ` score ${g.score.toFixed(2)}`),
          ),
          h(
            "p",
            {},
            g.actors.map((a, k) => [k ? ", " : "", swatch(a.sector), " ", a.name]),
          ),
          h("p", { className: "small", "data-testid": "gap-explanation" }, g.explanation),
        ),
      ),
    );
  });

  const suggestionList = h("ol", { className: "plain", "data-testid": "suggestion-list" });
  analysis.suggestions.forEach((s) => suggestionList.append(h("li", {}, suggestionCard(s))));

  function suggestionCard(s: Suggestion): HTMLElement {
    const shares = termShares(s.terms);
    const note = h("textarea", {
      id: `note-${s.id}`,
      rows: 2,
      "data-testid": "decision-note",
      placeholder: "A note for the coordination group (optional)",
    });
    const status = h(
      "p",
      { className: "small", "data-testid": "decision-status", "aria-live": "polite" },
      s.decision ? `Decision so far: ${s.decision}.` : "",
    );
    const buttons = canDraft(ctx.role)
      ? h(
          "div",
          { className: "actions" },
          h(
            "button",
            {
              type: "button",
              className: "primary",
              "data-testid": "draft-contract",
              onclick: () => void draft(s, note.value),
            },
            "Draft this contract",
          ),
          h(
            "button",
            {
              type: "button",
              "data-testid": "discuss-suggestion",
              onclick: () => void decide(s, "discuss", note.value, status),
            },
            "Discuss",
          ),
          h(
            "button",
            {
              type: "button",
              className: "danger",
              "data-testid": "reject-suggestion",
              onclick: () => void decide(s, "reject", note.value, status),
            },
            "Reject",
          ),
        )
      : null;
    return h(
      "article",
      {
        className: "item-card",
        "data-testid": "suggestion-card",
        "data-suggestion-id": s.id,
        "data-actor-ids": s.actors
          .map((a) => a.id)
          .sort()
          .join(","),
        "aria-labelledby": `sugg-${s.id}`,
      },
      h(
        "h4",
        { id: `sugg-${s.id}` },
        s.objective,
        h("span", { className: "muted small" }, ` score ${s.score.toFixed(2)}`),
      ),
      h(
        "ul",
        { className: "plain small", "aria-label": "Proposed parties" },
        s.actors.map((a) =>
          h(
            "li",
            {},
            swatch(a.sector),
            ` ${a.name} `,
            h("span", { className: "muted" }, sectorLabel(a.sector ?? "OTHER")),
          ),
        ),
      ),
      h(
        "div",
        { className: "terms", "data-testid": "score-terms", role: "table", "aria-label": "Score terms" },
        s.terms.map((t) => [
          h("span", { role: "cell" }, humanize(t.name)),
          h(
            "span",
            { className: "bar", role: "presentation" },
            h("span", { style: `width:${Math.round((shares.get(t.name) ?? 0) * 100)}%` }),
          ),
          h("span", { role: "cell", "data-testid": `term-${t.name}` }, t.value.toFixed(2)),
        ]),
      ),
      s.topics.length || s.indicators.length
        ? h(
            "p",
            { className: "small muted" },
            [...s.topics.map((t) => t.name), ...s.indicators.map((i) => i.name)].join(" · "),
          )
        : null,
      h("p", { className: "small", "data-testid": "suggestion-explanation" }, s.explanation),
      buttons ? h("label", { for: `note-${s.id}` }, "Note") : null,
      buttons ? note : null,
      buttons,
      status,
    );
  }

  async function draft(s: Suggestion, note: string): Promise<void> {
    try {
      const r = await execute(ctx.api, ACCEPT, { t: ctx.territoryId, s: s.id, n: note });
      const c = r.acceptSuggestion;
      if (c.__typename !== "Contract") {
        ctx.fail(new Error(c.message ?? `the suggestion could not be drafted (${c.__typename})`));
        return;
      }
      ctx.notify(`Drafted '${c.title ?? s.objective}'.`);
      ctx.navigate(`/t/${encodeURIComponent(ctx.territoryId)}/contracts/${encodeURIComponent(c.id)}`);
    } catch (err) {
      ctx.fail(err);
    }
  }

  async function decide(
    s: Suggestion,
    decision: "reject" | "discuss",
    note: string,
    status: HTMLElement,
  ): Promise<void> {
    try {
      const v = { t: ctx.territoryId, s: s.id, n: note };
      const res =
        decision === "reject"
          ? (await execute(ctx.api, REJECT, v)).rejectSuggestion
          : (await execute(ctx.api, DISCUSS, v)).discussSuggestion;
      if (res.__typename !== "SuggestionDecisionRecord")
        ctx.fail(new Error(res.message ?? "the decision was not recorded"));
      else {
        status.textContent =
          decision === "reject"
            ? "Rejected; the decision and your note are recorded."
            : "Marked for discussion; the decision and your note are recorded.";
        s.decision = res.decision ?? decision;
      }
    } catch (err) {
      ctx.fail(err);
    }
  }

  const brokers = h(
    "table",
    { className: "data", "data-testid": "broker-list" },
    h("thead", {}, h("tr", {}, h("th", {}, "Broker"), h("th", {}, "Betweenness"), h("th", {}, "Constraint"))),
    h(
      "tbody",
      {},
      analysis.brokers.map((b) =>
        h(
          "tr",
          {},
          h("td", {}, swatch(b.actor.sector), ` ${b.actor.name}`),
          h("td", {}, b.betweenness.toFixed(3)),
          h("td", {}, b.constraint === null ? "—" : b.constraint.toFixed(2)),
        ),
      ),
    ),
  );
  const silos = h(
    "ol",
    { className: "plain", "data-testid": "silo-list" },
    analysis.silos.map((s, i) =>
      h(
        "li",
        { className: "item-card" },
        h(
          "h4",
          {},
          h("span", { className: "swatch", style: `background:${groupColour(i)}` }),
          ` Silo ${i + 1}: ${s.actors.length} actors`,
          h(
            "span",
            { className: "muted small" },
            ` ${Math.round(s.homophily * 100)} % of ties within one sector`,
          ),
        ),
        h("p", { className: "small" }, s.actors.map((a) => a.name).join(", ")),
      ),
    ),
  );

  const cov = analysis.coverage;
  const coverage = h(
    "div",
    { "data-testid": "coverage" },
    h("h3", {}, `Indicators in need with no active commitment (${cov.uncoveredIndicators.length})`),
    h(
      "ul",
      { className: "small" },
      cov.uncoveredIndicators.map((i) =>
        h(
          "li",
          {},
          i.level ? h("span", { className: `level level-${i.level}` }, String(i.level)) : null,
          ` ${i.indicator?.name ?? "?"} — ${i.reason}`,
        ),
      ),
    ),
    h("h3", {}, `Topics no commitment addresses (${cov.uncoveredTopics.length})`),
    h("p", { className: "small" }, cov.uncoveredTopics.map((t) => t.name).join(", ") || "none"),
    h("h3", {}, `Future-generation concerns nobody addresses (${cov.orphanConcerns.length})`),
    h("p", { className: "small" }, cov.orphanConcerns.map((t) => t.title).join(", ") || "none"),
    h(
      "h3",
      {},
      `Citizen groups absent from the contracts on their topics (${cov.unrepresentedGroups.length})`,
    ),
    h(
      "ul",
      { className: "small" },
      cov.unrepresentedGroups.map((g) =>
        h("li", {}, `${g.group?.name ?? "?"}: ${g.topics.map((t) => t.name).join(", ")}`),
      ),
    ),
  );

  const panels: Record<string, HTMLElement> = {
    gaps: h(
      "div",
      {},
      h(
        "p",
        { className: "muted small" },
        "Actors who work on the same topics without any tie, joint commitment or shared contract. Select one to see it on the map.",
      ),
      gapList,
    ),
    suggestions: h(
      "div",
      {},
      h(
        "p",
        { className: "muted small" },
        "Small coalitions that would cover an unmet objective across sectors, best first.",
      ),
      suggestionList,
    ),
    brokers: h(
      "div",
      {},
      h("p", { className: "muted small" }, "Ringed in black on the map: actors that hold silos together."),
      brokers,
      h("h3", {}, "Silos"),
      silos,
    ),
    coverage,
  };
  const tabBar = h("div", { className: "tabs", role: "tablist", "aria-label": "Gap explorer lists" });
  const tabBody = h("div", { role: "tabpanel", id: "gap-tabpanel" });
  const tabs: [string, string][] = [
    ["gaps", `Gaps (${analysis.gaps.length})`],
    ["suggestions", `Suggestions (${analysis.suggestions.length})`],
    ["brokers", "Brokers & silos"],
    ["coverage", "Coverage"],
  ];
  function showTab(id: string): void {
    for (const b of tabBar.querySelectorAll<HTMLButtonElement>("button"))
      b.setAttribute("aria-selected", String(b.dataset["tab"] === id));
    clear(tabBody);
    tabBody.append(panels[id] as HTMLElement);
    testState.view = `gaps`;
  }
  for (const [id, label] of tabs)
    tabBar.append(
      h(
        "button",
        {
          type: "button",
          role: "tab",
          "data-tab": id,
          "data-testid": `tab-${id}`,
          "aria-controls": "gap-tabpanel",
          onclick: () => showTab(id),
        },
        label,
      ),
    );
  showTab(ctx.params.get("tab") ?? "gaps");

  const legendEl = h(
    "div",
    {
      className: "banner",
      style: "top:auto;bottom:10px;left:10px;transform:none;background:#fff;border-color:#d9dde4",
    },
    h(
      "span",
      { className: "small" },
      "Coloured areas: silos · ",
      h("span", { style: `color:${OKABE_ITO.vermillion}` }, "- - -"),
      ` the ${DRAWN_GAPS} strongest gaps (select one to show it) · black ring: broker`,
    ),
  );
  // Narrow screens: the lists are a bottom sheet over the map (style.css).
  const listEl = h(
    "aside",
    { className: "list", id: "gap-lists", "aria-label": "Gaps and suggestions" },
    tabBar,
    tabBody,
  );
  const listDrawer = drawer(listEl, "Gaps & suggestions", "open-gap-lists");
  listEl.prepend(listDrawer.closeButton());
  const onResize = () => canvas.sigma.resize();
  window.addEventListener("resize", onResize);
  queueMicrotask(() => {
    canvas.sigma.resize();
    canvas.sigma.refresh();
  });
  return {
    el: h(
      "div",
      { className: "gaps-layout" },
      h(
        "section",
        { className: "canvas-wrap", "aria-label": "Silos and gaps" },
        canvasEl,
        legendEl,
        h("div", { className: "map-tools" }, listDrawer.button),
      ),
      listEl,
    ),
    destroy() {
      window.removeEventListener("resize", onResize);
      canvas.kill();
    },
  };
}
