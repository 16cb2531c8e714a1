// The side panel: a node's fields, relationships, history and comments; coordinators edit
// fields and links inline, with validation errors next to their field and a conflict dialog.
import type { AppContext } from "../app";
import { threeWayMerge } from "../lib/conflict";
import { clear, formatDate, h } from "../lib/dom";
import { FIELDS, linkOptions, parseInput, REL_PROPS, relProperties, type FieldSpec } from "../lib/fields";
import { toMapNode } from "../lib/mapping";
import {
  addComment,
  fetchHistory,
  fetchNodeDetail,
  link,
  unlink,
  updateNode,
  type ChangeEntry,
  type NodeDetail,
} from "../lib/nodeApi";
import { kindLabel } from "../lib/palette";
import { canDraft, canEdit } from "../lib/session";
import { testState } from "../lib/testState";
import { humanize, searchKey, type NodeKind } from "../lib/types";
import { conflictDialog } from "./conflict";

interface LinkEditor {
  el: HTMLElement;
  prefill(type: string, targetLabel: string, properties: Record<string, unknown>): void;
}

export interface Panel {
  el: HTMLElement;
  refresh(): void;
  destroy(): void;
}

export function display(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (spec.spec.type === "bool") return value ? "Yes" : "No";
  if (spec.spec.type === "enum") return humanize(String(value));
  return String(value);
}

export function sidePanel(
  ctx: AppContext,
  nodeId: string,
  hooks: { onClose(): void; onSelect(id: string): void },
): Panel {
  const el = h("div", { className: "panel-body", "data-testid": "panel", "data-node-id": nodeId });
  let detail: NodeDetail | null = null;
  let editing = false;
  let alive = true;
  let linkEditor: LinkEditor | null = null;
  const kind = ctx.map.node(nodeId)?.kind as NodeKind;

  async function load(): Promise<void> {
    try {
      detail = await fetchNodeDetail(ctx.api, nodeId, kind);
      if (!alive) return;
      render();
    } catch (err) {
      ctx.fail(err);
    }
  }

  function render(): void {
    clear(el);
    if (!detail) {
      el.append(h("p", { className: "muted" }, "This node no longer exists."));
      return;
    }
    const d = detail;
    const specs = FIELDS[d.__typename];
    const header = h(
      "div",
      { className: "panel-header" },
      h("span", { className: `badge kind-${d.__typename}` }, kindLabel(d.__typename)),
      h("h2", { "data-testid": "panel-title", tabindex: "-1" }, d.label),
      h(
        "button",
        {
          type: "button",
          className: "icon",
          "aria-label": "Close the panel",
          "data-testid": "panel-close",
          onclick: hooks.onClose,
        },
        "×",
      ),
    );
    el.append(header);
    const shortcuts = h("p", { className: "panel-links" });
    if (d.__typename === "Contract")
      shortcuts.append(
        h(
          "a",
          {
            href: `/t/${ctx.territoryId}/contracts/${d.id}`,
            "data-testid": "open-contract",
            onclick: (e: Event) => {
              e.preventDefault();
              ctx.navigate(`/t/${encodeURIComponent(ctx.territoryId)}/contracts/${encodeURIComponent(d.id)}`);
            },
          },
          "Open the contract",
        ),
      );
    if (d.__typename === "Indicator")
      shortcuts.append(
        h(
          "a",
          {
            href: `/t/${ctx.territoryId}/indicators/${d.id}`,
            "data-testid": "open-indicator",
            onclick: (e: Event) => {
              e.preventDefault();
              ctx.navigate(
                `/t/${encodeURIComponent(ctx.territoryId)}/indicators/${encodeURIComponent(d.id)}`,
              );
            },
          },
          "Open the indicator chart",
        ),
      );
    if (shortcuts.childNodes.length) el.append(shortcuts);
    el.append(editing ? editForm(d, specs) : fieldList(d, specs));
    el.append(linksSection(d));
    el.append(commentsSection(d));
    el.append(historySection(d));
  }

  function fieldList(d: NodeDetail, specs: FieldSpec[]): HTMLElement {
    const dl = h("dl", { className: "fields", "data-testid": "panel-fields" });
    for (const s of specs)
      dl.append(h("dt", {}, s.label), h("dd", { "data-testid": `field-${s.name}` }, display(s, d[s.name])));
    dl.append(
      h("dt", {}, "Version"),
      h("dd", { "data-testid": "field-version" }, String(d.version)),
      h("dt", {}, "Updated"),
      h("dd", {}, formatDate(d.updatedAt)),
    );
    const section = h("section", { "aria-label": "Fields" }, h("h3", {}, "Fields"), dl);
    if (canEdit(ctx.role) && !ctx.map.at) {
      section.append(
        h(
          "button",
          {
            type: "button",
            "data-testid": "edit-node",
            onclick: () => {
              editing = true;
              render();
              el.querySelector<HTMLElement>("input, select, textarea")?.focus();
            },
          },
          "Edit",
        ),
      );
    }
    return section;
  }

  function editForm(d: NodeDetail, specs: FieldSpec[]): HTMLElement {
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
    const errors = new Map<string, HTMLElement>();
    const formError = h("p", { className: "field-error", role: "alert", "data-testid": "form-error" });
    const form = h("form", {
      className: "edit-form",
      "data-testid": "edit-form",
      "aria-label": `Edit ${d.label}`,
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
            opts.map((v) => h("option", { value: v, selected: v === (value ?? "") }, v ? humanize(v) : "—")),
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
          h("label", { for: id }, s.label),
          input,
          err,
        ),
      );
    }
    const saveButton = h(
      "button",
      { type: "submit", className: "primary", "data-testid": "save-node" },
      "Save",
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
              editing = false;
              render();
            },
          },
          "Cancel",
        ),
      ),
    );
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        editing = false;
        render();
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
        editing = false;
        render();
        return;
      }
      saveButton.disabled = true;
      void save(d, changes, d.version, showProblems).finally(() => {
        saveButton.disabled = false;
      });
    });
    return h("section", { "aria-label": "Edit fields" }, h("h3", {}, "Edit"), form);
  }

  async function save(
    d: NodeDetail,
    changes: Record<string, unknown>,
    version: number,
    showProblems: (p: { field: string; message: string }[]) => void,
  ): Promise<void> {
    try {
      const result = await updateNode(ctx.api, d.__typename, d.id, version, changes);
      if (result.ok) {
        editing = false;
        const mapped = toMapNode(result.node);
        if (mapped) ctx.map.upsertLocal(mapped);
        ctx.notify(`Saved ${d.__typename.toLowerCase()} '${String(result.node["label"] ?? d.label)}'.`);
        await load();
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
          editing = false;
          await load();
          ctx.notify("Kept their version; your edit was discarded.");
        } else {
          const send = choice.action === "merge" ? choice.changes : changes;
          if (Object.keys(send).length === 0) {
            editing = false;
            await load();
            ctx.notify("Nothing left to save: their version already holds your change.");
          } else {
            await save(
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

  function linksSection(d: NodeDetail): HTMLElement {
    const groups = new Map<string, HTMLElement[]>();
    for (const l of d.links) {
      const outgoing = l.fromId === d.id;
      const other = outgoing ? l.to : l.from;
      const otherId = outgoing ? l.toId : l.fromId;
      const name = `${humanize(l.type)}${outgoing ? "" : " (from)"}`;
      const props =
        l.properties && Object.keys(l.properties).length
          ? Object.entries(l.properties)
              .filter(([, v]) => v !== null && v !== "")
              .map(([k, v]) => `${k}: ${String(v)}`)
              .join(", ")
          : "";
      const item = h(
        "li",
        { "data-testid": "link-item", "data-link-type": l.type },
        h(
          "button",
          { type: "button", className: "link", onclick: () => hooks.onSelect(otherId) },
          other?.label ?? otherId,
        ),
        other ? h("span", { className: "muted" }, ` ${kindLabel(other.__typename as NodeKind)}`) : null,
        props ? h("span", { className: "muted small" }, ` — ${props}`) : null,
        canEdit(ctx.role) && !ctx.map.at && outgoing && REL_PROPS[l.type]
          ? h(
              "button",
              {
                type: "button",
                className: "icon",
                "aria-label": `Edit the ${humanize(l.type)} link to ${other?.label ?? otherId}`,
                "data-testid": "edit-link",
                onclick: () => linkEditor?.prefill(l.type, other?.label ?? otherId, l.properties ?? {}),
              },
              "✎",
            )
          : null,
        canEdit(ctx.role) && !ctx.map.at
          ? h(
              "button",
              {
                type: "button",
                className: "icon",
                "aria-label": `Remove the ${humanize(l.type)} link to ${other?.label ?? otherId}`,
                "data-testid": "unlink",
                onclick: () => void doUnlink(l.fromId, l.toId, l.type),
              },
              "×",
            )
          : null,
      );
      (groups.get(name) ?? groups.set(name, []).get(name))?.push(item);
    }
    const section = h(
      "section",
      { "aria-label": "Relationships", "data-testid": "panel-links" },
      h("h3", {}, `Relationships (${d.links.length})`),
    );
    for (const [name, items] of [...groups.entries()].sort())
      section.append(h("h4", {}, name), h("ul", { className: "plain" }, items));
    if (canEdit(ctx.role) && !ctx.map.at) {
      linkEditor = addLinkForm(d);
      section.append(linkEditor.el);
    }
    return section;
  }

  function addLinkForm(d: NodeDetail): LinkEditor {
    const options = linkOptions(d.__typename);
    if (!options.length) return { el: h("span"), prefill: () => undefined };
    const typeSelect = h(
      "select",
      { id: "link-type", "data-testid": "link-type" },
      options.map((o) => h("option", { value: o.type }, humanize(o.type))),
    );
    const target = h("input", {
      id: "link-target",
      type: "text",
      list: "link-targets",
      placeholder: "Name of the other node",
      "data-testid": "link-target",
      autocomplete: "off",
    });
    const datalist = h("datalist", { id: "link-targets" });
    const err = h("span", { className: "field-error", "data-testid": "link-error", "aria-live": "polite" });
    const fill = () => {
      clear(datalist);
      const allowed = new Set(options.find((o) => o.type === typeSelect.value)?.targets ?? []);
      const needle = searchKey(target.value);
      let n = 0;
      for (const node of ctx.map.data.nodes) {
        if (!allowed.has(node.kind) || node.id === d.id) continue;
        if (needle && !searchKey(node.label).includes(needle)) continue;
        datalist.append(h("option", { value: node.label }, kindLabel(node.kind)));
        if (++n >= 50) break;
      }
    };
    const propsBox = h("div", { className: "link-props", "data-testid": "link-props" });
    const propInputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const showProps = (values: Record<string, unknown> = {}) => {
      clear(propsBox);
      propInputs.clear();
      for (const spec of REL_PROPS[typeSelect.value] ?? []) {
        const id = `link-prop-${spec.name}`;
        const value =
          values[spec.name] === null || values[spec.name] === undefined ? "" : String(values[spec.name]);
        const input =
          spec.spec.type === "enum"
            ? h(
                "select",
                { id, "data-testid": id },
                ["", ...spec.spec.values].map((v) =>
                  h("option", { value: v, selected: v === value }, v ? humanize(v) : "—"),
                ),
              )
            : h("input", { id, "data-testid": id, type: spec.spec.type === "date" ? "date" : "text", value });
        propInputs.set(spec.name, input);
        propsBox.append(h("label", { for: id }, spec.label), input);
      }
    };
    typeSelect.addEventListener("change", () => {
      fill();
      showProps();
    });
    target.addEventListener("input", fill);
    fill();
    showProps();
    const form = h(
      "form",
      { className: "add-link", "aria-label": "Add a relationship" },
      h("label", { for: "link-type" }, "Add a relationship"),
      typeSelect,
      h("label", { for: "link-target", className: "sr-only" }, "To"),
      target,
      datalist,
      propsBox,
      h("button", { type: "submit", "data-testid": "link-add" }, "Save the relationship"),
      err,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const allowed = new Set(options.find((o) => o.type === typeSelect.value)?.targets ?? []);
      const other =
        ctx.map.data.nodes.find((n) => allowed.has(n.kind) && n.label === target.value.trim()) ??
        ctx.map.data.nodes.find(
          (n) => allowed.has(n.kind) && searchKey(n.label) === searchKey(target.value.trim()),
        );
      if (!other) {
        err.textContent = `No ${[...allowed].map((k) => kindLabel(k).toLowerCase()).join(" or ")} is named '${target.value.trim()}'.`;
        return;
      }
      const raw: Record<string, string> = {};
      for (const [name, input] of propInputs) raw[name] = input.value;
      const props = relProperties(typeSelect.value, raw);
      if ("error" in props) {
        err.textContent = `${props.field}: ${props.error}`;
        return;
      }
      void (async () => {
        try {
          const problem = await link(ctx.api, d.id, other.id, typeSelect.value, props.value);
          if (problem) err.textContent = problem;
          else await load();
        } catch (error) {
          ctx.fail(error);
        }
      })();
    });
    return {
      el: form,
      prefill(type: string, targetLabel: string, properties: Record<string, unknown>) {
        typeSelect.value = type;
        target.value = targetLabel;
        fill();
        showProps(properties);
        target.focus();
      },
    };
  }

  async function doUnlink(fromId: string, toId: string, type: string): Promise<void> {
    try {
      const problem = await unlink(ctx.api, fromId, toId, type);
      if (problem) ctx.fail(new Error(problem));
      else await load();
    } catch (err) {
      ctx.fail(err);
    }
  }

  function commentsSection(d: NodeDetail): HTMLElement {
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

  function historySection(d: NodeDetail): HTMLElement {
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
          for (const c of r.entries)
            if (c.target === d.id || c.target.split("|").includes(d.id)) mine.push(c);
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

  void load();
  return {
    el,
    refresh() {
      if (!editing) void load();
    },
    destroy() {
      alive = false;
    },
  };
}

function sameish(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  return a === b || (empty(a) && empty(b));
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
