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
import { formatNumber, formatPercent, locale, t, tMaybe } from "../i18n";
import { enumLabel } from "../i18n/labels";
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
          h("h1", {}, t("gaps.title")),
          h(
            "p",
            {},
            t("gaps.unavailable", {
              territory: ctx.territoryName,
              role: enumLabel(String(ctx.role)).toLocaleLowerCase(locale()),
            }),
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
    "aria-label": t("gaps.canvasLabel", {
      territory: ctx.territoryName,
      silos: analysis.silos.length,
      gaps: analysis.gaps.length,
    }),
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
        label: t("gaps.silo", { number: i + 1 }),
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
              .map((topic) => topic.id)
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
            g.topics.map((topic) => topic.name).join(" + ") || t("gaps.sharedWork"),
            h(
              "span",
              { className: "muted small" },
              ` ${t("gaps.score", { score: formatNumber(g.score, { min: 2, max: 2 }) })}`,
            ),
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
      placeholder: t("gaps.notePlaceholder"),
    });
    const status = h(
      "p",
      { className: "small", "data-testid": "decision-status", "aria-live": "polite" },
      s.decision ? t("gaps.decisionSoFar", { decision: enumLabel(s.decision) }) : "",
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
            t("gaps.draft"),
          ),
          h(
            "button",
            {
              type: "button",
              "data-testid": "discuss-suggestion",
              onclick: () => void decide(s, "discuss", note.value, status),
            },
            t("gaps.discuss"),
          ),
          h(
            "button",
            {
              type: "button",
              className: "danger",
              "data-testid": "reject-suggestion",
              onclick: () => void decide(s, "reject", note.value, status),
            },
            t("gaps.reject"),
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
        h(
          "span",
          { className: "muted small" },
          ` ${t("gaps.score", { score: formatNumber(s.score, { min: 2, max: 2 }) })}`,
        ),
      ),
      h(
        "ul",
        { className: "plain small", "aria-label": t("gaps.proposedParties") },
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
        {
          className: "terms",
          "data-testid": "score-terms",
          role: "table",
          "aria-label": t("gaps.scoreTerms"),
        },
        s.terms.map((term) => [
          h("span", { role: "cell" }, termLabel(term.name)),
          h(
            "span",
            { className: "bar", role: "presentation" },
            h("span", { style: `width:${Math.round((shares.get(term.name) ?? 0) * 100)}%` }),
          ),
          h(
            "span",
            { role: "cell", "data-testid": `term-${term.name}` },
            formatNumber(term.value, { min: 2, max: 2 }),
          ),
        ]),
      ),
      s.topics.length || s.indicators.length
        ? h(
            "p",
            { className: "small muted" },
            [...s.topics.map((topic) => topic.name), ...s.indicators.map((i) => i.name)].join(" · "),
          )
        : null,
      h("p", { className: "small", "data-testid": "suggestion-explanation" }, s.explanation),
      buttons ? h("label", { for: `note-${s.id}` }, t("common.note")) : null,
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
        ctx.fail(new Error(c.message ?? t("gaps.notDrafted", { type: c.__typename })));
        return;
      }
      ctx.notify(t("gaps.drafted", { title: c.title ?? s.objective }));
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
        ctx.fail(new Error(res.message ?? t("gaps.decisionNotRecorded")));
      else {
        status.textContent = decision === "reject" ? t("gaps.rejected") : t("gaps.discussed");
        s.decision = res.decision ?? decision;
      }
    } catch (err) {
      ctx.fail(err);
    }
  }

  const brokers = h(
    "table",
    { className: "data", "data-testid": "broker-list" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, t("gaps.broker")),
        h("th", {}, t("gaps.betweenness")),
        h("th", {}, t("gaps.constraint")),
      ),
    ),
    h(
      "tbody",
      {},
      analysis.brokers.map((b) =>
        h(
          "tr",
          {},
          h("td", {}, swatch(b.actor.sector), ` ${b.actor.name}`),
          h("td", {}, formatNumber(b.betweenness, { min: 3, max: 3 })),
          h("td", {}, b.constraint === null ? "—" : formatNumber(b.constraint, { min: 2, max: 2 })),
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
          ` ${t("gaps.siloActors", { number: i + 1, count: s.actors.length })}`,
          h(
            "span",
            { className: "muted small" },
            ` ${t("gaps.homophily", { share: formatPercent(s.homophily) })}`,
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
    h("h3", {}, t("gaps.uncoveredIndicators", { count: cov.uncoveredIndicators.length })),
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
    h("h3", {}, t("gaps.uncoveredTopics", { count: cov.uncoveredTopics.length })),
    h(
      "p",
      { className: "small" },
      cov.uncoveredTopics.map((topic) => topic.name).join(", ") || t("common.none"),
    ),
    h("h3", {}, t("gaps.orphanConcerns", { count: cov.orphanConcerns.length })),
    h(
      "p",
      { className: "small" },
      cov.orphanConcerns.map((concern) => concern.title).join(", ") || t("common.none"),
    ),
    h("h3", {}, t("gaps.unrepresentedGroups", { count: cov.unrepresentedGroups.length })),
    h(
      "ul",
      { className: "small" },
      cov.unrepresentedGroups.map((g) =>
        h("li", {}, `${g.group?.name ?? "?"}: ${g.topics.map((topic) => topic.name).join(", ")}`),
      ),
    ),
  );

  const panels: Record<string, HTMLElement> = {
    gaps: h("div", {}, h("p", { className: "muted small" }, t("gaps.gapsIntro")), gapList),
    suggestions: h(
      "div",
      {},
      h("p", { className: "muted small" }, t("gaps.suggestionsIntro")),
      suggestionList,
    ),
    brokers: h(
      "div",
      {},
      h("p", { className: "muted small" }, t("gaps.brokersIntro")),
      brokers,
      h("h3", {}, t("gaps.silos")),
      silos,
    ),
    coverage,
  };
  const tabBar = h("div", { className: "tabs", role: "tablist", "aria-label": t("gaps.tabs") });
  const tabBody = h("div", { role: "tabpanel", id: "gap-tabpanel" });
  const tabs: [string, string][] = [
    ["gaps", t("gaps.tabGaps", { count: analysis.gaps.length })],
    ["suggestions", t("gaps.tabSuggestions", { count: analysis.suggestions.length })],
    ["brokers", t("gaps.tabBrokers")],
    ["coverage", t("gaps.tabCoverage")],
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
      `${t("gaps.legendSilos")} · `,
      // A line sample, not text: a graphic needs 3:1 against white (WCAG 1.4.11), vermillion has 3.9.
      h("span", {
        className: "line-sample",
        style: `border-top-color:${OKABE_ITO.vermillion}`,
        "aria-hidden": "true",
      }),
      ` ${t("gaps.legendGaps", { count: DRAWN_GAPS })}`,
    ),
  );
  // Narrow screens: the lists are a bottom sheet over the map (style.css).
  const listEl = h(
    "aside",
    { className: "list", id: "gap-lists", "aria-label": t("gaps.listSection") },
    tabBar,
    tabBody,
  );
  const listDrawer = drawer(listEl, t("gaps.listDrawer"), "open-gap-lists");
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
        { className: "canvas-wrap", "aria-label": t("gaps.canvasSection") },
        h("h1", { className: "sr-only" }, t("gaps.title")),
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

/** A score term's name (api/analysis terms, snake_case) in words. */
function termLabel(name: string): string {
  return tMaybe(`term.${name}`, humanize(name));
}
