// The side panel's comments (add one, for drafters) and the node's own history of changes.
import type { AppContext } from "../app";
import { t } from "../i18n";
import { enumLabel, relLabel } from "../i18n/labels";
import { formatDate, h } from "../lib/dom";
import { addComment, fetchHistory, type ChangeEntry, type NodeDetail } from "../lib/nodeApi";
import { canDraft } from "../lib/session";

export function commentsSection(ctx: AppContext, d: NodeDetail, load: () => Promise<void>): HTMLElement {
  const list = h(
    "ul",
    { className: "comments", "data-testid": "comments" },
    d.comments.map((c) =>
      h(
        "li",
        {},
        h("p", {}, c.text),
        h(
          "span",
          { className: "muted small" },
          t("notes.byWhen", { who: c.authorId, when: formatDate(c.createdAt) }),
        ),
      ),
    ),
  );
  const section = h(
    "section",
    { "aria-label": t("notes.comments") },
    h("h3", {}, t("notes.commentsCount", { count: d.comments.length })),
    list,
  );
  if (canDraft(ctx.role) && !ctx.map.at) {
    const text = h("textarea", { id: "comment-text", rows: 2, "data-testid": "comment-input" });
    const form = h(
      "form",
      { className: "comment-form" },
      h("label", { for: "comment-text" }, t("notes.add")),
      text,
      h("button", { type: "submit", "data-testid": "comment-submit" }, t("notes.submit")),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!text.value.trim()) return;
      void (async () => {
        try {
          const problem = await addComment(ctx.api, d.id, text.value);
          if (problem) ctx.fail(new Error(problem));
          else await load();
        } catch (err) {
          ctx.fail(err);
        }
      })();
    });
    section.append(form);
  }
  return section;
}

export function historySection(ctx: AppContext, d: NodeDetail): HTMLElement {
  const list = h("ol", { className: "history", "data-testid": "node-history" });
  const section = h("section", { "aria-label": t("nav.history") }, h("h3", {}, t("nav.history")), list);
  void (async () => {
    try {
      const mine: ChangeEntry[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const r = await fetchHistory(ctx.api, ctx.territoryId, {
          since: d.createdAt.slice(0, 19),
          first: 200,
          after,
        });
        for (const c of r.entries) if (c.target === d.id || c.target.split("|").includes(d.id)) mine.push(c);
        if (!r.hasNext) break;
        after = r.endCursor;
      }
      for (const c of mine.reverse())
        list.append(
          h(
            "li",
            {},
            h("strong", {}, enumLabel(c.op)),
            ` ${describeChange(c, d.id)} `,
            h("span", { className: "muted small" }, t("notes.byWhen", { who: c.by, when: formatDate(c.at) })),
          ),
        );
      if (!mine.length) list.append(h("li", { className: "muted" }, t("notes.noChange")));
    } catch (err) {
      ctx.fail(err);
    }
  })();
  return section;
}

export function describeChange(c: ChangeEntry, nodeId: string): string {
  if (c.target.includes("|")) {
    const [from, type, to] = c.target.split("|");
    return `${relLabel(type ?? "")} ${from === nodeId ? `→ ${to}` : `← ${from}`}`;
  }
  if (c.op.toUpperCase() === "UPDATE" && c.before && c.after) {
    const changed = Object.keys(c.after).filter(
      (k) =>
        !["version", "updated_at"].includes(k) &&
        JSON.stringify(c.after?.[k]) !== JSON.stringify(c.before?.[k]),
    );
    return changed
      .map((k) => `${k}: ${JSON.stringify(c.before?.[k])} → ${JSON.stringify(c.after?.[k])}`)
      .join("; ");
  }
  return "";
}
