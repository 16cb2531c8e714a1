// The side panel's inline edit form: one input per field, validation errors next to their field,
// and on a VersionConflict the three-way merge dialog.
import type { AppContext } from "../app";
import { threeWayMerge } from "../lib/conflict";
import { t } from "../i18n";
import { enumLabel, kindLabel } from "../i18n/labels";
import { h } from "../lib/dom";
import { FIELDS, parseInput, type FieldSpec } from "../lib/fields";
import { toMapNode } from "../lib/mapping";
import { updateNode, type NodeDetail } from "../lib/nodeApi";
import { testState } from "../lib/testState";

import { conflictDialog } from "./conflict";

/** What the form asks of the panel: leave edit mode, draw again, reload the node. */
export interface EditHooks {
  stopEditing(): void;
  render(): void;
  load(): Promise<void>;
}

export function editForm(ctx: AppContext, d: NodeDetail, specs: FieldSpec[], hooks: EditHooks): HTMLElement {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();
  const formError = h("p", { className: "field-error", role: "alert", "data-testid": "form-error" });
  const form = h("form", {
    className: "edit-form",
    "data-testid": "edit-form",
    "aria-label": t("edit.formLabel", { name: d.label }),
    novalidate: true,
  });
  for (const s of specs) {
    const id = `edit-${s.name}`;
    const errId = `${id}-error`;
    const value = d[s.name];
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    const common = { id, name: s.name, "data-testid": `input-${s.name}`, "aria-describedby": errId };
    switch (s.spec.type) {
      case "textarea":
        input = h("textarea", { ...common, rows: 3 });
        input.value = typeof value === "string" ? value : "";
        break;
      case "enum": {
        const opts = s.spec.optional ? ["", ...s.spec.values] : [...s.spec.values];
        input = h(
          "select",
          common,
          opts.map((v) => h("option", { value: v, selected: v === (value ?? "") }, v ? enumLabel(v) : "—")),
        );
        break;
      }
      case "bool":
        input = h("input", { ...common, type: "checkbox", checked: Boolean(value) });
        break;
      case "date":
        input = h("input", { ...common, type: "date", value: typeof value === "string" ? value : "" });
        break;
      case "int":
      case "float":
        input = h("input", {
          ...common,
          type: "text",
          inputmode: "decimal",
          value: value === null || value === undefined ? "" : String(value),
        });
        break;
      default:
        input = h("input", { ...common, type: "text", value: typeof value === "string" ? value : "" });
    }
    inputs.set(s.name, input);
    const err = h("span", {
      className: "field-error",
      id: errId,
      "data-testid": `error-${s.name}`,
      "aria-live": "polite",
    });
    errors.set(s.name, err);
    form.append(
      h(
        "div",
        { className: s.spec.type === "bool" ? "field check" : "field" },
        h("label", { for: id }, t(s.label)),
        input,
        err,
      ),
    );
  }
  const saveButton = h(
    "button",
    { type: "submit", className: "primary", "data-testid": "save-node" },
    t("common.save"),
  );
  form.append(
    formError,
    h(
      "div",
      { className: "actions" },
      saveButton,
      h(
        "button",
        {
          type: "button",
          "data-testid": "cancel-edit",
          onclick: () => {
            hooks.stopEditing();
            hooks.render();
          },
        },
        t("common.cancel"),
      ),
    ),
  );
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      hooks.stopEditing();
      hooks.render();
    }
  });

  function showProblems(problems: { field: string; message: string }[]): void {
    for (const e of errors.values()) e.textContent = "";
    for (const input of inputs.values()) input.removeAttribute("aria-invalid");
    const unplaced: string[] = [];
    for (const p of problems) {
      const err = errors.get(p.field);
      if (err) {
        err.textContent = p.message;
        inputs.get(p.field)?.setAttribute("aria-invalid", "true");
      } else unplaced.push(p.field ? `${p.field}: ${p.message}` : p.message);
    }
    formError.textContent = unplaced.join("; ");
    const first = problems.map((p) => inputs.get(p.field)).find(Boolean);
    first?.focus();
    testState.lastError = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes: Record<string, unknown> = {};
    const problems: { field: string; message: string }[] = [];
    for (const s of specs) {
      const input = inputs.get(s.name) as HTMLInputElement;
      const raw = s.spec.type === "bool" ? input.checked : input.value;
      const parsed = parseInput(s.spec, raw);
      if ("error" in parsed) problems.push({ field: s.name, message: parsed.error });
      else if (!sameish(parsed.value, d[s.name])) changes[s.name] = parsed.value;
    }
    if (problems.length) {
      showProblems(problems);
      return;
    }
    if (Object.keys(changes).length === 0) {
      hooks.stopEditing();
      hooks.render();
      return;
    }
    saveButton.disabled = true;
    void save(ctx, hooks, d, changes, d.version, showProblems).finally(() => {
      saveButton.disabled = false;
    });
  });
  return h("section", { "aria-label": t("edit.section") }, h("h3", {}, t("panel.edit")), form);
}

async function save(
  ctx: AppContext,
  hooks: EditHooks,
  d: NodeDetail,
  changes: Record<string, unknown>,
  version: number,
  showProblems: (p: { field: string; message: string }[]) => void,
): Promise<void> {
  try {
    const result = await updateNode(ctx.api, d.__typename, d.id, version, changes);
    if (result.ok) {
      hooks.stopEditing();
      const mapped = toMapNode(result.node);
      if (mapped) ctx.map.upsertLocal(mapped);
      ctx.notify(
        t("edit.saved", {
          kind: kindLabel(d.__typename).toLowerCase(),
          name: String(result.node["label"] ?? d.label),
        }),
      );
      await hooks.load();
      return;
    }
    if (result.kind === "validation") {
      showProblems(result.problems);
      return;
    }
    if (result.kind === "conflict") {
      testState.lastError = result.message;
      const base: Record<string, unknown> = { ...d };
      const merge = threeWayMerge(base, changes, result.current);
      const choice = await conflictDialog(result.message, merge, FIELDS[d.__typename]);
      if (choice.action === "discard") {
        hooks.stopEditing();
        await hooks.load();
        ctx.notify(t("edit.keptTheirs"));
      } else {
        const send = choice.action === "merge" ? choice.changes : changes;
        if (Object.keys(send).length === 0) {
          hooks.stopEditing();
          await hooks.load();
          ctx.notify(t("edit.nothingLeft"));
        } else {
          await save(
            ctx,
            hooks,
            { ...d, ...result.current, version: result.currentVersion } as NodeDetail,
            send,
            result.currentVersion,
            showProblems,
          );
        }
      }
      return;
    }
    ctx.fail(new Error(result.message));
  } catch (err) {
    ctx.fail(err);
  }
}

function sameish(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  return a === b || (empty(a) && empty(b));
}
