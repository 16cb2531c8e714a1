// The contract page's title and shared objective, edited in place, and where the contract
// came from, in words.
import type { AppContext } from "../app";
import { t } from "../i18n";
import { h } from "../lib/dom";
import { updateNode } from "../lib/nodeApi";

/** Where the contract came from: a gap-explorer suggestion (a link to the suggestions) or a
 * free text someone wrote. */
export function originText(ctx: AppContext, origin: string | null): Node | string {
  if (!origin) return "—";
  if (!origin.startsWith("sug-")) return origin;
  const href = `/t/${encodeURIComponent(ctx.territoryId)}/gaps?tab=suggestions`;
  return h(
    "span",
    {},
    h(
      "a",
      {
        href,
        "data-testid": "origin-link",
        onclick: (e: Event) => {
          e.preventDefault();
          ctx.navigate(href);
        },
      },
      t("contracts.draftedFrom"),
    ),
    " ",
    h("span", { className: "muted small" }, t("contracts.reference", { id: origin })),
  );
}

/** A form in place of the title and the objective (hidden while it is open); Save writes both
 * through the contract's update mutation, with the version read, so a concurrent edit is refused. */
export function titleObjectiveForm(
  ctx: AppContext,
  c: { id: string; version: number; title: string; objective: string },
  shown: { heading: HTMLElement; objective: HTMLElement },
  hooks: { saved(): void; cancel(): void },
): HTMLElement {
  const title = h("input", {
    id: "contract-title-input",
    "data-testid": "contract-title-input",
    value: c.title,
  });
  const text = h("textarea", {
    id: "contract-objective-input",
    "data-testid": "contract-objective-input",
    rows: 3,
  });
  text.value = c.objective;
  const err = h("p", { className: "field-error", role: "alert", "data-testid": "contract-edit-error" });
  const form = h(
    "form",
    { className: "card", "aria-label": t("contracts.editForm") },
    h("label", { for: "contract-title-input" }, t("field.title")),
    title,
    h("label", { for: "contract-objective-input" }, t("contracts.objective")),
    text,
    err,
    h(
      "div",
      { className: "actions" },
      h("button", { type: "submit", className: "primary", "data-testid": "contract-save" }, t("common.save")),
      h(
        "button",
        { type: "button", "data-testid": "contract-cancel", onclick: hooks.cancel },
        t("common.cancel"),
      ),
    ),
  );
  shown.heading.hidden = true;
  shown.objective.hidden = true;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const r = await updateNode(ctx.api, "Contract", c.id, c.version, {
          title: title.value.trim(),
          objective: text.value.trim(),
        });
        if (r.ok) hooks.saved();
        else if (r.kind === "validation") err.textContent = r.problems.map((p) => p.message).join(" ");
        else err.textContent = r.message;
      } catch (error) {
        ctx.fail(error);
      }
    })();
  });
  queueMicrotask(() => title.focus());
  return form;
}
