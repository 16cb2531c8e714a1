// Synthesis & cycles: the territory's synthesis per dimension (indicators with their level and
// trend, the commitments, contracts and actions behind them), its SPIRAL cycles, advancing to
// the next one (coordinators), and the difference between two cycles.
import "./cycle.css";
import type { AppContext, View } from "../app";
import { formatNumber, t } from "../i18n";
import { dimensionName, enumLabel } from "../i18n/labels";
import { clear, formatDate, h } from "../lib/dom";
import { graphql } from "../generated/gql";
import { execute } from "../lib/graphql";
import { diffSections } from "../lib/cycle";
import { canEdit } from "../lib/session";
import { testState } from "../lib/testState";

const QUERY = graphql(`
  query Synthesis($t: ID!) {
    territory(id: $t) {
      id
      version
      spiralCycle
    }
    synthesis(territoryId: $t) {
      cycle
      dimensions {
        dimension
        name
        indicators {
          indicator {
            id
            name
          }
          latestLevel
          latestValue
          latestOn
          targetLevel
          trend
          commitments {
            id
            name
          }
          contracts {
            id
            name
          }
          actions {
            id
            name
          }
        }
      }
      contracts {
        contract {
          id
          name
        }
        status
        exAnte
        exAnteCount
        exPost
        exPostCount
        change
      }
    }
    cycles(territoryId: $t) {
      cycle
      startedAt
      endedAt
    }
  }
`);

const DIFF_QUERY = graphql(`
  query CycleDiff($t: ID!, $from: Int!, $to: Int!) {
    cycleDiff(territoryId: $t, fromCycle: $from, toCycle: $to) {
      fromCycle
      toCycle
      newActors {
        id
        name
        sector
      }
      newSectors
      newCrossSectorTies {
        actors {
          id
          name
        }
        via
      }
      newSignatories {
        id
        name
      }
      newlyRepresentedGroups {
        id
        name
      }
      newIndicators {
        id
        name
      }
      newCommitments {
        id
        name
      }
      newContracts {
        id
        name
      }
      counts {
        name
        before
        after
      }
    }
  }
`);

const ADVANCE = graphql(`
  mutation Advance($t: ID!, $v: Int!) {
    advanceCycle(territoryId: $t, expectedVersion: $v) {
      __typename
      ... on Territory {
        id
        version
        spiralCycle
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const TREND_MARK: Record<string, string> = { improving: "▲", worsening: "▼", stable: "●", unknown: "?" };
const trendText = (trend: string) => `${TREND_MARK[trend] ?? ""} ${enumLabel(trend).toLowerCase()}`.trim();
const fmt = (n: number | null) => (n === null ? "—" : formatNumber(n, { min: 1, max: 1 }));

export async function synthesisView(ctx: AppContext): Promise<View> {
  const el = h("section", {
    className: "view synthesis-view page cycle-page",
    "aria-labelledby": "synthesis-title",
  });
  el.append(h("h1", { id: "synthesis-title" }, t("nav.synthesis")));
  const cycleBox = h("section", {
    className: "cycles",
    "aria-labelledby": "cycles-title",
    "data-testid": "cycles",
  });
  const synthBox = h("section", {
    className: "synthesis",
    "aria-labelledby": "synth-title",
    "data-testid": "synthesis",
  });
  const diffBox = h("section", { className: "cycle-diff", "aria-labelledby": "diff-title" });
  el.append(cycleBox, diffBox, synthBox);

  const fromSel = h("select", { id: "diff-from", "data-testid": "diff-from" });
  const toSel = h("select", { id: "diff-to", "data-testid": "diff-to" });
  const diffOut = h("div", { "data-testid": "diff-result", "aria-live": "polite" });
  const diffBtn = h("button", { type: "button", "data-testid": "diff-show" }, t("synthesis.showDiff"));
  diffBox.append(
    h("h2", { id: "diff-title" }, t("synthesis.diffTitle")),
    h(
      "div",
      { className: "actions diff-pickers" },
      h("label", { for: "diff-from" }, `${t("synthesis.fromCycle")} `),
      fromSel,
      h("label", { for: "diff-to" }, ` ${t("synthesis.toCycle")} `),
      toSel,
      diffBtn,
    ),
    diffOut,
  );

  let version = 0;

  async function showDiff(): Promise<void> {
    const from = Number(fromSel.value);
    const to = Number(toSel.value);
    clear(diffOut);
    if (!(to > from)) {
      diffOut.append(h("p", { className: "error", role: "alert" }, t("synthesis.laterCycle")));
      return;
    }
    try {
      const r = await execute(ctx.api, DIFF_QUERY, { t: ctx.territoryId, from, to });
      const sections = diffSections(r.cycleDiff);
      testState.cycleViews.diff = Object.fromEntries(sections.map((s) => [s.id, s.items]));
      diffOut.append(
        h("p", {}, t("synthesis.diffIntro", { from: r.cycleDiff.fromCycle, to: r.cycleDiff.toCycle })),
        h(
          "div",
          { className: "cards" },
          sections.map((s) =>
            h(
              "article",
              { className: "card", "data-testid": `diff-${s.id}` },
              h("h3", {}, t("synthesis.sectionCount", { title: s.title, count: s.items.length })),
              s.items.length
                ? h(
                    "ul",
                    {},
                    s.items.map((i) => h("li", {}, i)),
                  )
                : h("p", { className: "muted" }, t("common.none")),
            ),
          ),
        ),
      );
    } catch (err) {
      ctx.fail(err);
    }
  }
  diffBtn.addEventListener("click", () => void showDiff());

  async function advance(btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    try {
      const r = await execute(ctx.api, ADVANCE, { t: ctx.territoryId, v: version });
      const res = r.advanceCycle;
      if (res.__typename !== "Territory") {
        testState.lastError = res.message;
        ctx.notify(res.message, "error");
        btn.disabled = false;
        return;
      }
      ctx.notify(t("synthesis.nowInCycle", { cycle: res.spiralCycle }));
      await load();
    } catch (err) {
      btn.disabled = false;
      ctx.fail(err);
    }
  }

  async function load(): Promise<void> {
    const r = await execute(ctx.api, QUERY, { t: ctx.territoryId });
    version = r.territory?.version ?? 0;
    const current = r.territory?.spiralCycle ?? r.synthesis.cycle;
    testState.cycleViews.cycle = current;
    testState.cycleViews.cycles = r.cycles.map((c) => c.cycle);

    // cycles
    clear(cycleBox);
    cycleBox.append(
      h("h2", { id: "cycles-title" }, t("synthesis.cyclesTitle", { cycle: current })),
      h(
        "ol",
        { "data-testid": "cycle-list" },
        r.cycles.map((c) =>
          h(
            "li",
            { "data-testid": "cycle-item" },
            t("synthesis.cycleItem", {
              cycle: c.cycle,
              from: c.startedAt ? formatDate(c.startedAt) : t("synthesis.fromStart"),
              to: c.endedAt ? formatDate(c.endedAt) : t("synthesis.now"),
            }),
          ),
        ),
      ),
    );
    if (canEdit(ctx.role)) {
      const btn = h(
        "button",
        { type: "button", className: "primary", "data-testid": "cycle-advance", disabled: current >= 3 },
        current >= 3 ? t("synthesis.lastCycle") : t("synthesis.advance", { cycle: current + 1 }),
      );
      btn.addEventListener("click", () => {
        if (window.confirm(t("synthesis.confirmAdvance", { cycle: current + 1 }))) void advance(btn);
      });
      cycleBox.append(btn);
    }
    const keepFrom = fromSel.value;
    const keepTo = toSel.value;
    clear(fromSel);
    clear(toSel);
    for (const c of r.cycles) {
      fromSel.append(h("option", { value: String(c.cycle) }, String(c.cycle)));
      toSel.append(h("option", { value: String(c.cycle) }, String(c.cycle)));
    }
    const nums = r.cycles.map((c) => String(c.cycle));
    fromSel.value = nums.includes(keepFrom) ? keepFrom : (nums[0] ?? "");
    toSel.value =
      nums.length > 1 && !nums.includes(keepTo)
        ? (nums[nums.length - 1] ?? "")
        : nums.includes(keepTo)
          ? keepTo
          : (nums[nums.length - 1] ?? "");
    if (Number(toSel.value) <= Number(fromSel.value) && nums.length > 1) {
      fromSel.value = nums[nums.length - 2] ?? "";
      toSel.value = nums[nums.length - 1] ?? "";
    }
    diffBtn.disabled = nums.length < 2;

    // synthesis
    clear(synthBox);
    synthBox.append(h("h2", { id: "synth-title" }, t("synthesis.byDimension")));
    const listed: string[] = [];
    for (const d of r.synthesis.dimensions) {
      // The catalog's name first: the server's is English unless it translates the taxonomy.
      const dimLabel = d.dimension
        ? `${d.dimension} — ${dimensionName(d.dimension) || d.name || ""}`
        : t("synthesis.noDimension");
      const rows = d.indicators.map((i) => {
        listed.push(`${d.dimension ?? ""}|${i.indicator.name}`);
        const behind = [
          ...i.commitments.map((c) => t("synthesis.behindCommitment", { name: c.name })),
          ...i.contracts.map((c) => t("synthesis.behindContract", { name: c.name })),
          ...i.actions.map((a) => t("synthesis.behindAction", { name: a.name })),
        ];
        return h(
          "tr",
          { "data-testid": "synthesis-indicator" },
          h("th", { scope: "row" }, i.indicator.name),
          h(
            "td",
            {},
            i.latestLevel
              ? h(
                  "span",
                  {
                    className: `level level-${i.latestLevel}`,
                    "aria-label": t("synthesis.levelOf5", { level: i.latestLevel }),
                  },
                  String(i.latestLevel),
                )
              : "—",
            i.latestOn ? ` (${formatDate(i.latestOn)})` : "",
          ),
          h("td", {}, i.targetLevel ? String(i.targetLevel) : "—"),
          h("td", {}, trendText(i.trend)),
          h(
            "td",
            {},
            behind.length
              ? h(
                  "ul",
                  { className: "plain" },
                  behind.map((b) => h("li", {}, b)),
                )
              : h("span", { className: "muted" }, t("synthesis.nothingYet")),
          ),
        );
      });
      synthBox.append(
        h(
          "table",
          { className: "table", "data-testid": `synthesis-dimension-${d.dimension ?? "none"}` },
          h("caption", {}, dimLabel),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("kind.Indicator")),
              h("th", { scope: "col" }, t("common.level")),
              h("th", { scope: "col" }, t("synthesis.target")),
              h("th", { scope: "col" }, t("synthesis.trend")),
              h("th", { scope: "col" }, t("synthesis.behind")),
            ),
          ),
          h("tbody", {}, rows),
        ),
      );
    }
    testState.cycleViews.synthesisIndicators = listed;
    if (r.synthesis.contracts.length) {
      synthBox.append(
        h(
          "table",
          { className: "table", "data-testid": "synthesis-contracts" },
          h("caption", {}, t("synthesis.contractsCaption")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("kind.Contract")),
              h("th", { scope: "col" }, t("common.status")),
              h("th", { scope: "col" }, t("enum.EX_ANTE")),
              h("th", { scope: "col" }, t("enum.EX_POST")),
              h("th", { scope: "col" }, t("synthesis.change")),
            ),
          ),
          h(
            "tbody",
            {},
            r.synthesis.contracts.map((c) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, c.contract.name),
                h("td", {}, enumLabel(c.status).toLowerCase()),
                h("td", {}, `${fmt(c.exAnte)} (${c.exAnteCount})`),
                h("td", {}, `${fmt(c.exPost)} (${c.exPostCount})`),
                h("td", {}, c.change === null ? "—" : `${c.change > 0 ? "+" : ""}${fmt(c.change)}`),
              ),
            ),
          ),
        ),
      );
    }
  }
  await load();
  return { el };
}
