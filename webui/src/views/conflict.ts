// The version-conflict dialog: what the other person changed, where we clash, and the choice
// to merge (pick per clashing field), overwrite with mine, or take theirs.
import { resolve, type MergeResult } from "../lib/conflict";
import { t } from "../i18n";
import { h } from "../lib/dom";
import type { FieldSpec } from "../lib/fields";

export type ConflictChoice =
  { action: "merge"; changes: Record<string, unknown> } | { action: "overwrite" } | { action: "discard" };

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return t("conflict.empty");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function conflictDialog(
  message: string,
  merge: MergeResult,
  specs: FieldSpec[],
): Promise<ConflictChoice> {
  const label = (f: string) => {
    const spec = specs.find((s) => s.name === f);
    return spec ? t(spec.label) : f;
  };
  const choices: Record<string, "mine" | "theirs"> = {};
  const dialog = h("dialog", {
    className: "dialog",
    "data-testid": "conflict-dialog",
    "aria-labelledby": "conflict-title",
  });
  const rows = merge.conflicts.map((c) => {
    choices[c.field] = "mine";
    const name = `pick-${c.field}`;
    return h(
      "tr",
      { "data-testid": `conflict-row-${c.field}` },
      h("th", { scope: "row" }, label(c.field)),
      h(
        "td",
        {},
        h(
          "label",
          { className: "check" },
          h("input", {
            type: "radio",
            name,
            checked: true,
            "data-testid": `keep-mine-${c.field}`,
            onchange: () => (choices[c.field] = "mine"),
          }),
          show(c.mine),
        ),
      ),
      h(
        "td",
        { "data-testid": `their-value-${c.field}` },
        h(
          "label",
          { className: "check" },
          h("input", {
            type: "radio",
            name,
            "data-testid": `keep-theirs-${c.field}`,
            onchange: () => (choices[c.field] = "theirs"),
          }),
          show(c.theirs),
        ),
      ),
    );
  });
  const theirs = merge.theirChanges.filter(
    (c) => !["version", "updatedAt", "createdAt"].includes(c.field) && specs.some((s) => s.name === c.field),
  );
  return new Promise((done) => {
    const finish = (choice: ConflictChoice) => {
      dialog.close();
      dialog.remove();
      done(choice);
    };
    const body = h(
      "div",
      {},
      h("h2", { id: "conflict-title" }, t("conflict.title")),
      h("p", { className: "muted", "data-testid": "conflict-message" }, message),
      theirs.length
        ? h(
            "div",
            {},
            h("h3", {}, t("conflict.theirChanges")),
            h(
              "ul",
              { "data-testid": "their-changes" },
              theirs.map((c) =>
                h("li", {}, h("strong", {}, label(c.field)), `: ${show(c.base)} → ${show(c.theirs)}`),
              ),
            ),
          )
        : null,
      rows.length
        ? h(
            "table",
            { className: "conflicts" },
            h("caption", {}, t("conflict.caption")),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, t("conflict.field")),
                h("th", {}, t("conflict.yours")),
                h("th", {}, t("conflict.theirs")),
              ),
            ),
            h("tbody", {}, rows),
          )
        : h("p", {}, t("conflict.noClash")),
      h(
        "div",
        { className: "actions" },
        h(
          "button",
          {
            type: "button",
            className: "primary",
            "data-testid": "conflict-merge",
            onclick: () => finish({ action: "merge", changes: resolve(merge, choices) }),
          },
          t("conflict.merge"),
        ),
        h(
          "button",
          { type: "button", "data-testid": "conflict-retry", onclick: () => finish({ action: "overwrite" }) },
          t("conflict.overwrite"),
        ),
        h(
          "button",
          { type: "button", "data-testid": "conflict-discard", onclick: () => finish({ action: "discard" }) },
          t("conflict.discard"),
        ),
      ),
    );
    dialog.append(body);
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      finish({ action: "discard" });
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>("[data-testid=conflict-merge]")?.focus();
  });
}
