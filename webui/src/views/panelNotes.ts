// The side panel's comments (add one, for drafters) and the node's own history of changes.
import type { AppContext } from "../app";
import { formatDate, h } from "../lib/dom";
import { addComment, fetchHistory, type ChangeEntry, type NodeDetail } from "../lib/nodeApi";
import { canDraft } from "../lib/session";
import { humanize } from "../lib/types";

export function commentsSection(ctx: AppContext, d: NodeDetail, load: () => Promise<void>): HTMLElement {
  const list = h(
    "ul",
    { className: "comments", "data-testid": "comments" },
    d.comments.map((c) =>
      h(
        "li",
        {},
        h("p", {}, c.text),
        h("span", { className: "muted small" }, `${c.authorId}, ${formatDate(c.createdAt)}`),
      ),
    ),
  );
  const section = h(
    "section",
    { "aria-label": "Comments" },
    h("h3", {}, `Comments (${d.comments.length})`),
    list,
  );
  if (canDraft(ctx.role) && !ctx.map.at) {
    const text = h("textarea", { id: "comment-text", rows: 2, "data-testid": "comment-input" });
    const form = h(
      "form",
      { className: "comment-form" },
      h("label", { for: "comment-text" }, "Add a comment"),
      text,
      h("button", { type: "submit", "data-testid": "comment-submit" }, "Comment"),
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
  const section = h("section", { "aria-label": "History" }, h("h3", {}, "History"), list);
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
            h("strong", {}, humanize(c.op)),
            ` ${describeChange(c, d.id)} `,
            h("span", { className: "muted small" }, `${c.by}, ${formatDate(c.at)}`),
          ),
        );
      if (!mine.length) list.append(h("li", { className: "muted" }, "No recorded change."));
    } catch (err) {
      ctx.fail(err);
    }
  })();
  return section;
}

export function describeChange(c: ChangeEntry, nodeId: string): string {
  if (c.target.includes("|")) {
    const [from, type, to] = c.target.split("|");
    return `${humanize(type ?? "")} ${from === nodeId ? `→ ${to}` : `← ${from}`}`;
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
