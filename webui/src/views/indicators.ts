// Indicators: a dashboard by dimension, and one indicator's trajectory on its 1-5 levels with
// the contracts and actions that target it marked on the time axis.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { AppContext, View } from "../app";
import { graphql } from "../generated/gql";
import type { IndicatorQuery, IndicatorsQuery } from "../generated/gql/graphql";
import { dateNames, formatDay, formatNumber, t } from "../i18n";
import { dimensionName, enumLabel } from "../i18n/labels";
import { append, clear, h } from "../lib/dom";
import { execute } from "../lib/graphql";
import {
  byDate,
  byDimension,
  chartColumns,
  latest,
  toSeconds,
  trend,
  type IndicatorSummary,
} from "../lib/indicators";
import { OKABE_ITO } from "../lib/palette";
import { canDraft, canEdit } from "../lib/session";
import { testState } from "../lib/testState";

const LIST = graphql(`
  query Indicators($t: ID!, $after: String) {
    indicators(territoryId: $t, first: 100, after: $after) {
      edges {
        node {
          id
          name
          unit
          direction
          targetLevel
          topics {
            dimension
          }
          measurements {
            on
            value
            level
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const DETAIL = graphql(`
  query Indicator($id: ID!) {
    node(id: $id) {
      __typename
      ... on Indicator {
        id
        ...IndicatorFields
        topics {
          id
          name
          dimension
        }
        measurements {
          id
          on
          value
          level
          source
        }
        contracts {
          id
          title
          status
          signedOn
          createdAt
        }
        actions {
          id
          title
          status
          startsOn
          createdAt
        }
      }
    }
  }
`);

type IndicatorDetail = Extract<NonNullable<IndicatorQuery["node"]>, { __typename: "Indicator" }>;

const TRENDS = graphql(`
  query Trends($t: ID!) {
    analysis(territoryId: $t) {
      trends {
        indicator {
          id
        }
        trend
        slopePerYear
        changes {
          byName
          kind
          on
          before
          after
          change
        }
      }
    }
  }
`);

const MEASURE = graphql(`
  mutation M($input: RecordMeasurementInput!) {
    recordMeasurement(input: $input) {
      __typename
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const LEVEL_COLOURS = ["#b3261e", "#d55e00", "#8a7a00", "#009e73", "#0072b2"];
const TREND_MARK = { better: "▲", worse: "▼", stable: "●" } as const;

async function listIndicators(ctx: AppContext): Promise<IndicatorSummary[]> {
  const out: IndicatorSummary[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r: IndicatorsQuery = await execute(ctx.api, LIST, { t: ctx.territoryId, after });
    out.push(...r.indicators.edges.map((e) => e.node));
    if (!r.indicators.pageInfo.hasNextPage) break;
    after = r.indicators.pageInfo.endCursor ?? null;
  }
  return out;
}

export interface Marker {
  at: number;
  label: string;
  kind: "contract" | "action";
}

export function markersOf(d: Pick<IndicatorDetail, "contracts" | "actions">): Marker[] {
  const out: Marker[] = [];
  for (const c of d.contracts)
    out.push({
      at: toSeconds(c.signedOn ?? c.createdAt),
      label: t(c.signedOn ? "indicators.markerContract" : "indicators.markerDraft", { title: c.title }),
      kind: "contract",
    });
  for (const a of d.actions)
    out.push({
      at: toSeconds(a.startsOn ?? a.createdAt),
      label: t("indicators.markerAction", { title: a.title }),
      kind: "action",
    });
  return out.sort((a, b) => a.at - b.at);
}

function chart(d: IndicatorDetail, width: number): { el: HTMLElement; plot: uPlot } {
  const [xs, levels, values] = chartColumns(d.measurements);
  const markers = markersOf(d);
  const allX = [...xs, ...markers.map((m) => m.at)];
  const minX = Math.min(...allX) - 86400 * 30;
  const maxX = Math.max(...allX) + 86400 * 30;
  const levelTexts = [d.level1, d.level2, d.level3, d.level4, d.level5];
  const names = dateNames();
  const bands: uPlot.Plugin = {
    hooks: {
      drawClear: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          for (let l = 1; l <= 5; l++) {
            const top = u.valToPos(l + 0.5, "level", true);
            const bottom = u.valToPos(l - 0.5, "level", true);
            ctx.fillStyle = `${LEVEL_COLOURS[l - 1]}14`;
            ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          markers.forEach((m, i) => {
            const x = u.valToPos(m.at, "x", true);
            ctx.strokeStyle = m.kind === "contract" ? OKABE_ITO.vermillion : OKABE_ITO.reddishPurple;
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.lineWidth = 2 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.setLineDash([]);
            ctx.fillStyle = ctx.strokeStyle;
            ctx.fillText(`${i + 1}`, x + 4 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
          });
          ctx.restore();
        },
      ],
    },
  };
  const opts: uPlot.Options = {
    width,
    height: 320,
    plugins: [bands],
    scales: { x: { time: true, range: [minX, maxX] }, level: { range: [0.5, 5.5] }, value: { auto: true } },
    // The time axis in the chosen language ("janv.", "mars"): uPlot's own tick formats, our names.
    fmtDate: (tpl) => {
      const format = uPlot.fmtDate(tpl, names);
      return (date) => {
        const text = format(date);
        if (testState.chartTimeLabels.length < 500) testState.chartTimeLabels.push(text);
        return text;
      };
    },
    axes: [
      {},
      {
        scale: "level",
        label: t("field.levelScale"),
        values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")),
        splits: () => [1, 2, 3, 4, 5],
      },
      { scale: "value", side: 1, label: d.unit || t("common.value"), grid: { show: false } },
    ],
    series: [
      { label: t("common.date"), value: (_u, s) => (s === null ? "—" : formatDay(new Date(s * 1000))) },
      {
        label: t("common.level"),
        scale: "level",
        stroke: OKABE_ITO.blue,
        width: 2,
        points: { size: 9, fill: OKABE_ITO.blue },
      },
      {
        label: d.unit ? t("indicators.valueUnit", { unit: d.unit }) : t("common.value"),
        scale: "value",
        stroke: OKABE_ITO.orange,
        width: 1.5,
        dash: [4, 4],
        points: { size: 6 },
      },
    ],
    legend: { show: true },
  };
  const el = h("div", {
    className: "chart",
    "data-testid": "indicator-chart",
    role: "img",
    "aria-label": t("indicators.chartLabel", {
      name: d.name,
      count: d.measurements.length,
      markers: markers.length,
    }),
  });
  const plot = new uPlot(opts, [xs, levels, values], el);
  el.append(
    h(
      "ol",
      { className: "small", "data-testid": "chart-markers", "aria-label": t("indicators.markers") },
      markers.map((m) =>
        h("li", { "data-testid": "chart-marker" }, `${m.label} — ${formatDay(new Date(m.at * 1000))}`),
      ),
    ),
    h(
      "ul",
      { className: "plain small", "aria-label": t("indicators.levels") },
      levelTexts.map((t, i) =>
        h("li", {}, h("span", { className: `level level-${i + 1}` }, String(i + 1)), ` ${t || "—"}`),
      ),
    ),
  );
  return { el, plot };
}

/** The analysis' before/after change of the indicator around each contract or action. */
async function beforeAfter(ctx: AppContext, indicatorId: string, into: HTMLElement): Promise<void> {
  if (!canDraft(ctx.role)) return; // viewers may not run the analysis
  try {
    const r = await execute(ctx.api, TRENDS, { t: ctx.territoryId });
    const trendLine = r.analysis.trends.find((x) => x.indicator?.id === indicatorId);
    if (!trendLine) return;
    const fmt = (v: number | null) => (v === null ? "—" : formatNumber(v, { max: 2 }));
    into.append(
      h("h3", {}, t("indicators.beforeAfter")),
      h(
        "p",
        { className: "small muted" },
        trendLine.slopePerYear === null
          ? t("indicators.trend", { trend: enumLabel(trendLine.trend).toLowerCase() })
          : t("indicators.trendSlope", {
              trend: enumLabel(trendLine.trend).toLowerCase(),
              slope: fmt(trendLine.slopePerYear),
            }),
      ),
      trendLine.changes.length
        ? h(
            "table",
            { className: "data" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, t("indicators.contractOrAction")),
                h("th", {}, t("indicators.from")),
                h("th", {}, t("indicators.before")),
                h("th", {}, t("indicators.after")),
                h("th", {}, t("indicators.change")),
              ),
            ),
            h(
              "tbody",
              {},
              trendLine.changes.map((c) =>
                h(
                  "tr",
                  {},
                  h("td", {}, `${c.byName} `, h("span", { className: "muted small" }, kindOf(c.kind))),
                  h("td", {}, c.on ? formatDay(c.on) : "—"),
                  h("td", {}, fmt(c.before)),
                  h("td", {}, fmt(c.after)),
                  h("td", {}, fmt(c.change)),
                ),
              ),
            ),
          )
        : h("p", { className: "small muted" }, t("indicators.noTarget")),
    );
  } catch {
    // The chart stands on its own; the comparison is a bonus when the analysis answers.
  }
}

export async function indicatorsView(ctx: AppContext): Promise<View> {
  const el = h("div", { className: "page", style: "max-width:1300px" });
  let plot: uPlot | null = null;
  const path = (id?: string) =>
    `/t/${encodeURIComponent(ctx.territoryId)}/indicators${id ? `/${encodeURIComponent(id)}` : ""}`;

  if (!ctx.item) {
    const items = await listIndicators(ctx);
    el.append(
      h("h1", {}, t("indicators.title", { count: items.length })),
      h("p", { className: "muted" }, t("indicators.intro")),
    );
    for (const [dim, list] of byDimension(items)) {
      el.append(
        h("h2", { style: "margin-top:18px" }, `${dim} ${dimensionName(dim)}`),
        h(
          "div",
          { className: "dashboard", "data-testid": `dimension-${dim}` },
          list.map((i) => {
            const last = latest(i.measurements);
            const moved = trend(i.measurements, i.direction);
            return h(
              "a",
              {
                href: path(i.id),
                className: "item-card",
                style: "display:block;text-decoration:none;color:inherit",
                "data-testid": "indicator-card",
                "data-indicator-id": i.id,
                onclick: (e: Event) => {
                  e.preventDefault();
                  ctx.navigate(path(i.id));
                },
              },
              h("h4", {}, i.name),
              last
                ? h(
                    "p",
                    {},
                    last.level
                      ? h(
                          "span",
                          {
                            className: `level level-${last.level}`,
                            "aria-label": t("indicators.levelN", { level: last.level }),
                          },
                          String(last.level),
                        )
                      : null,
                    ` ${formatNumber(last.value)} ${i.unit} `,
                    h("span", { className: "muted small" }, `(${formatDay(last.on)})`),
                  )
                : h("p", { className: "muted" }, t("indicators.notMeasured")),
              moved !== "unknown"
                ? h(
                    "p",
                    {
                      className: "small",
                      style: `color:${moved === "worse" ? "#b3261e" : moved === "better" ? "#00734f" : "#5b6474"}`,
                    },
                    `${TREND_MARK[moved]} ${t("indicators.trendWord", { trend: moved })}`,
                  )
                : null,
              i.targetLevel
                ? h("p", { className: "small muted" }, t("indicators.targetLevel", { level: i.targetLevel }))
                : null,
            );
          }),
        ),
      );
    }
    testState.chartPoints = 0;
    return { el };
  }

  const r = await execute(ctx.api, DETAIL, { id: ctx.item });
  const d = r.node;
  if (!d || d.__typename !== "Indicator") {
    el.append(h("p", {}, t("indicators.notFound", { id: ctx.item })));
    return { el };
  }
  testState.selectedNodeId = d.id;
  const chartHolder = h("div");
  const table = h(
    "table",
    { className: "data", "data-testid": "measurements" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, t("common.date")),
        h("th", {}, t("common.value")),
        h("th", {}, t("common.level")),
        h("th", {}, t("field.source")),
      ),
    ),
    h(
      "tbody",
      {},
      byDate(d.measurements)
        .reverse()
        .map((m) =>
          h(
            "tr",
            { "data-testid": "measurement-row" },
            h("td", {}, formatDay(m.on)),
            h("td", {}, `${formatNumber(m.value)} ${d.unit}`),
            h("td", {}, m.level ? h("span", { className: `level level-${m.level}` }, String(m.level)) : "—"),
            h("td", { className: "small" }, (m as { source?: string }).source ?? ""),
          ),
        ),
    ),
  );

  const impact = h("section", {
    "aria-label": t("indicators.beforeAfter"),
    "data-testid": "indicator-impact",
  });
  void beforeAfter(ctx, d.id, impact);
  append(el, [
    h(
      "p",
      {},
      h(
        "a",
        {
          href: path(),
          onclick: (e: Event) => {
            e.preventDefault();
            ctx.navigate(path());
          },
        },
        t("indicators.all"),
      ),
    ),
    h("h2", { className: "detail-title", "data-testid": "indicator-title" }, d.name),
    h(
      "p",
      { className: "muted" },
      [
        d.description,
        enumLabel(d.direction).toLowerCase(),
        d.targetLevel ? t("indicators.targetLevel", { level: d.targetLevel }) : "",
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    chartHolder,
    canEdit(ctx.role) ? measurementForm(d) : null,
    impact,
    h("h3", {}, t("indicators.measurements", { count: d.measurements.length })),
    table,
  ]);
  const draw = () => {
    plot?.destroy();
    clear(chartHolder);
    if (!d.measurements.length) {
      chartHolder.append(
        h("p", { className: "muted", "data-testid": "indicator-chart" }, t("indicators.noMeasurement")),
      );
      testState.chartPoints = 0;
      return;
    }
    const width = Math.max(360, Math.min(1200, (el.clientWidth || 1000) - 24));
    testState.chartTimeLabels = [];
    const made = chart(d, width);
    plot = made.plot;
    chartHolder.append(made.el);
    testState.chartPoints = d.measurements.length;
  };
  requestAnimationFrame(draw);

  function measurementForm(ind: IndicatorDetail): HTMLElement {
    const on = h("input", {
      id: "m-on",
      type: "date",
      "data-testid": "measure-on",
      value: new Date().toISOString().slice(0, 10),
    });
    const value = h("input", {
      id: "m-value",
      type: "text",
      inputmode: "decimal",
      "data-testid": "measure-value",
    });
    const level = h(
      "select",
      { id: "m-level", "data-testid": "measure-level" },
      h("option", { value: "" }, "—"),
      [1, 2, 3, 4, 5].map((l) => h("option", { value: String(l) }, String(l))),
    );
    const err = h("p", { className: "field-error", role: "alert", "data-testid": "measure-error" });
    const form = h(
      "form",
      {
        className: "card",
        style: "display:grid;grid-template-columns:repeat(4, 1fr) auto;gap:8px;align-items:end",
        "aria-label": t("indicators.recordMeasurement"),
      },
      h("div", {}, h("label", { for: "m-on" }, t("common.date")), on),
      h(
        "div",
        {},
        h(
          "label",
          { for: "m-value" },
          ind.unit ? t("indicators.valueUnit", { unit: ind.unit }) : t("common.value"),
        ),
        value,
      ),
      h("div", {}, h("label", { for: "m-level" }, t("common.level")), level),
      h("div"),
      h(
        "button",
        { type: "submit", className: "primary", "data-testid": "measure-submit" },
        t("common.record"),
      ),
      err,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      // "12,5" as French writes it is the number 12.5.
      const v = Number(value.value.trim().replace(/^(-?\d+),(\d+)$/, "$1.$2"));
      if (!value.value.trim() || !Number.isFinite(v)) {
        err.textContent = t("common.notANumber", { text: value.value });
        return;
      }
      void (async () => {
        try {
          const res = await execute(ctx.api, MEASURE, {
            input: {
              indicatorId: ind.id,
              on: on.value,
              value: v,
              level: level.value ? Number(level.value) : null,
            },
          });
          const m = res.recordMeasurement;
          if (m.__typename !== "Measurement") err.textContent = m.message ?? t("common.notRecorded");
          else ctx.navigate(path(ind.id), { replace: true });
        } catch (error) {
          ctx.fail(error);
        }
      })();
    });
    return form;
  }

  return {
    el,
    destroy() {
      plot?.destroy();
    },
  };
}

/** "contract" / "action" as the analysis names what moved an indicator, in words. */
function kindOf(kind: string): string {
  return kind === "contract" ? t("kind.Contract") : kind === "action" ? t("kind.Action") : kind;
}
