// History: the territory's change log as a timeline, and the map as it was at a chosen date.
import type { AppContext, View } from "../app";
import { clear, formatDate, h } from "../lib/dom";
import { fetchHistory, type ChangeEntry } from "../lib/nodeApi";
import { testState } from "../lib/testState";
import { humanize } from "../lib/types";

export function describe(c: ChangeEntry, labels: (id: string) => string): string {
  if (c.target.includes("|")) {
    const [from, type, to] = c.target.split("|") as [string, string, string];
    return `${labels(from)} —${humanize(type).toLowerCase()}→ ${labels(to)}`;
  }
  const name = labels(c.target);
  if (c.op.toUpperCase() === "UPDATE" && c.before && c.after) {
    const changed = Object.keys(c.after).filter((k) => !["version", "updated_at"].includes(k) && JSON.stringify(c.after?.[k]) !== JSON.stringify(c.before?.[k]));
    return `${name}: ${changed.map((k) => `${k.replace(/_/g, " ")} ${JSON.stringify(c.before?.[k])} → ${JSON.stringify(c.after?.[k])}`).join("; ")}`;
  }
  return `${humanize(c.targetType)} ${name}`;
}

export async function historyView(ctx: AppContext): Promise<View> {
  await ctx.map.ensureLoaded();
  const labels = (id: string) => {
    const n = ctx.map.node(id);
    if (n) return `'${n.label}'`;
    return `'${id}'`;
  };
  const list = h("ol", { className: "timeline", "data-testid": "history-list" });
  const more = h("button", { type: "button", "data-testid": "history-more" }, "Load more");
  const total = h("p", { className: "muted", "data-testid": "history-total" });
  const sinceInput = h("input", { id: "history-since", type: "date", "data-testid": "history-since" });
  let cursor: string | null = null;

  async function load(reset: boolean): Promise<void> {
    if (reset) {
      cursor = null;
      clear(list);
    }
    const r = await fetchHistory(ctx.api, ctx.territoryId, { since: sinceInput.value ? `${sinceInput.value}T00:00:00` : undefined, first: 100, after: cursor });
    total.textContent = `${r.total} changes${sinceInput.value ? ` since ${sinceInput.value}` : ""}`;
    for (const c of r.entries) {
      list.append(h("li", { "data-testid": "history-item", "data-seq": String(c.seq) }, h("strong", {}, humanize(c.op)), ` ${describe(c, labels)} `, h("span", { className: "muted small" }, `by ${c.by}, ${formatDate(c.at)}`)));
    }
    cursor = r.endCursor;
    more.hidden = !r.hasNext;
  }
  more.addEventListener("click", () => void load(false).catch((e: unknown) => ctx.fail(e)));
  sinceInput.addEventListener("change", () => void load(true).catch((e: unknown) => ctx.fail(e)));

  const atInput = h("input", { id: "map-at", type: "datetime-local", "data-testid": "map-at-input", step: "1" });
  const atForm = h(
    "form",
    { className: "card", "aria-label": "The map at a date" },
    h("h2", {}, "The map as it was"),
    h("p", { className: "muted" }, "Show the map at a moment, e.g. the start of a SPIRAL cycle. It is read-only; live updates resume when you come back to now."),
    h("label", { for: "map-at" }, "Date and time (UTC)"),
    atInput,
    h("div", { className: "actions" }, h("button", { type: "submit", className: "primary", "data-testid": "map-at-submit" }, "Show the map at this moment")),
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

  await load(true);
  testState.mapAt = ctx.map.at;
  return {
    el: h(
      "div",
      { className: "page" },
      atForm,
      h("h1", { style: "margin-top:20px" }, "Changes"),
      h("label", { for: "history-since" }, "Since"),
      h("div", { style: "max-width:220px" }, sinceInput),
      total,
      list,
      more,
    ),
  };
}
