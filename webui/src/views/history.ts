// History: the territory's change log as a timeline, and the map as it was at a chosen date.
import type { AppContext, View } from "../app";
import { formatDay, t } from "../i18n";
import { enumLabel, kindLabel, relLabel } from "../i18n/labels";
import { clear, formatDate, h } from "../lib/dom";
import { fetchHistory, type ChangeEntry } from "../lib/nodeApi";
import { testState } from "../lib/testState";

const PAGE = 200;
const MAX_PAGES = 25;
const SHOWN = 100;

export function describe(c: ChangeEntry, labels: (id: string) => string): string {
  if (c.target.includes("|")) {
    const [from, type, to] = c.target.split("|") as [string, string, string];
    return `${labels(from)} —${relLabel(type).toLowerCase()}→ ${labels(to)}`;
  }
  const name = labels(c.target);
  if (c.op.toUpperCase() === "UPDATE" && c.before && c.after) {
    const changed = Object.keys(c.after).filter(
      (k) =>
        !["version", "updated_at"].includes(k) &&
        JSON.stringify(c.after?.[k]) !== JSON.stringify(c.before?.[k]),
    );
    return `${name}: ${changed.map((k) => `${k.replace(/_/g, " ")} ${JSON.stringify(c.before?.[k])} → ${JSON.stringify(c.after?.[k])}`).join("; ")}`;
  }
  return `${kindLabel(c.targetType)} ${name}`;
}

export async function historyView(ctx: AppContext): Promise<View> {
  await ctx.map.ensureLoaded();
  const labels = (id: string) => {
    const n = ctx.map.node(id);
    if (n) return `'${n.label}'`;
    return `'${id}'`;
  };
  const list = h("ol", { className: "timeline", "data-testid": "history-list" });
  const more = h("button", { type: "button", "data-testid": "history-more" }, t("history.more"));
  const total = h("p", { className: "muted", "data-testid": "history-total" });
  const sinceInput = h("input", { id: "history-since", type: "date", "data-testid": "history-since" });
  let loaded: ChangeEntry[] = [];
  let shown = 0;

  // The API lists the log oldest first; a timeline reads best newest first, so the pages since
  // the chosen date are read (up to MAX_PAGES) and shown from the end.
  async function load(): Promise<void> {
    loaded = [];
    shown = 0;
    clear(list);
    let cursor: string | null = null;
    let count = 0;
    let truncated = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await fetchHistory(ctx.api, ctx.territoryId, {
        since: sinceInput.value ? `${sinceInput.value}T00:00:00` : undefined,
        first: PAGE,
        after: cursor,
      });
      loaded.push(...r.entries);
      count = r.total;
      cursor = r.endCursor;
      truncated = r.hasNext;
      if (!r.hasNext) break;
    }
    loaded.reverse();
    total.textContent = sinceInput.value
      ? t("history.totalSince", { count, since: formatDay(sinceInput.value) })
      : t("history.total", { count });
    if (truncated) total.textContent += ` ${t("history.truncated", { count: loaded.length })}`;
    showMore();
  }
  function showMore(): void {
    for (const c of loaded.slice(shown, shown + SHOWN)) {
      list.append(
        h(
          "li",
          { "data-testid": "history-item", "data-seq": String(c.seq) },
          h("strong", {}, enumLabel(c.op)),
          ` ${describe(c, labels)} `,
          h("span", { className: "muted small" }, t("history.byWhen", { who: c.by, when: formatDate(c.at) })),
        ),
      );
    }
    shown = Math.min(loaded.length, shown + SHOWN);
    more.hidden = shown >= loaded.length;
  }
  more.addEventListener("click", showMore);
  sinceInput.addEventListener("change", () => void load().catch((e: unknown) => ctx.fail(e)));

  const atInput = h("input", {
    id: "map-at",
    type: "datetime-local",
    "data-testid": "map-at-input",
    step: "1",
  });
  const atForm = h(
    "form",
    { className: "card", "aria-label": t("history.atForm") },
    h("h2", {}, t("history.atTitle")),
    h("p", { className: "muted" }, t("history.atIntro")),
    h("label", { for: "map-at" }, t("history.atLabel")),
    atInput,
    h(
      "div",
      { className: "actions" },
      h(
        "button",
        { type: "submit", className: "primary", "data-testid": "map-at-submit" },
        t("history.atSubmit"),
      ),
    ),
  );
  atForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!atInput.value) return;
    const at = atInput.value.length === 16 ? `${atInput.value}:00` : atInput.value;
    void ctx.map
      .showAt(`${at}+00:00`)
      .then(() => ctx.navigate(`/t/${encodeURIComponent(ctx.territoryId)}/map`))
      .catch((err: unknown) => ctx.fail(err));
  });

  await load();
  testState.mapAt = ctx.map.at;
  return {
    el: h(
      "div",
      { className: "page" },
      atForm,
      h("h1", { style: "margin-top:20px" }, t("history.changes")),
      h("label", { for: "history-since" }, t("field.since")),
      h("div", { style: "max-width:220px" }, sinceInput),
      total,
      list,
      more,
    ),
  };
}
