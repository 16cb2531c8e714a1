// The side panel: a node's fields, relationships, history and comments; coordinators edit
// fields and links inline, with validation errors next to their field and a conflict dialog.
import type { AppContext } from "../app";
import { t } from "../i18n";
import { enumLabel } from "../i18n/labels";
import { clear, formatDate, h } from "../lib/dom";
import { FIELDS, type FieldSpec } from "../lib/fields";
import { fetchNodeDetail, type NodeDetail } from "../lib/nodeApi";
import { kindLabel } from "../lib/palette";
import { canEdit } from "../lib/session";
import type { NodeKind } from "../lib/types";
import { editForm } from "./panelEdit";
import { linksSection } from "./panelLinks";
import { commentsSection, historySection } from "./panelNotes";

export interface Panel {
  el: HTMLElement;
  refresh(): void;
  destroy(): void;
}

export function display(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (spec.spec.type === "bool") return value ? t("common.yes") : t("common.no");
  if (spec.spec.type === "enum") return enumLabel(String(value));
  if (spec.spec.type === "date") return formatDate(value);
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
      el.append(h("p", { className: "muted" }, t("panel.gone")));
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
          "aria-label": t("panel.close"),
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
          t("panel.openContract"),
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
          t("panel.openIndicator"),
        ),
      );
    if (shortcuts.childNodes.length) el.append(shortcuts);
    el.append(
      editing
        ? editForm(ctx, d, specs, {
            stopEditing: () => (editing = false),
            render,
            load,
          })
        : fieldList(d, specs),
    );
    el.append(linksSection(ctx, d, { onSelect: hooks.onSelect, reload: load }));
    el.append(commentsSection(ctx, d, load));
    el.append(historySection(ctx, d));
  }

  function fieldList(d: NodeDetail, specs: FieldSpec[]): HTMLElement {
    const dl = h("dl", { className: "fields", "data-testid": "panel-fields" });
    for (const s of specs)
      dl.append(
        h("dt", {}, t(s.label)),
        h("dd", { "data-testid": `field-${s.name}` }, display(s, d[s.name])),
      );
    dl.append(
      h("dt", {}, t("panel.version")),
      h("dd", { "data-testid": "field-version" }, String(d.version)),
      h("dt", {}, t("panel.updated")),
      h("dd", {}, formatDate(d.updatedAt)),
    );
    const section = h("section", { "aria-label": t("panel.fields") }, h("h3", {}, t("panel.fields")), dl);
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
          t("panel.edit"),
        ),
      );
    }
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
