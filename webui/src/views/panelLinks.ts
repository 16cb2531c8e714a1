// The side panel's relationships: the node's links grouped by type (select the other end, edit a
// link's properties, remove it) and, for editors, the form that adds a link.
import type { AppContext } from "../app";
import { locale, t } from "../i18n";
import { enumLabel, relLabel } from "../i18n/labels";
import { clear, h } from "../lib/dom";
import { linkOptions, REL_PROPS, relProperties } from "../lib/fields";
import { link, unlink, type NodeDetail } from "../lib/nodeApi";
import { kindLabel } from "../lib/palette";
import { canEdit } from "../lib/session";
import { offerUndo } from "../lib/undo";
import { searchKey, type NodeKind } from "../lib/types";

interface LinkEditor {
  el: HTMLElement;
  prefill(type: string, targetLabel: string, properties: Record<string, unknown>): void;
}

export function linksSection(
  ctx: AppContext,
  d: NodeDetail,
  hooks: { onSelect(id: string): void; reload(): Promise<void> },
): HTMLElement {
  let linkEditor: LinkEditor | null = null;
  const groups = new Map<string, HTMLElement[]>();
  for (const l of d.links) {
    const outgoing = l.fromId === d.id;
    const other = outgoing ? l.to : l.from;
    const otherId = outgoing ? l.toId : l.fromId;
    const name = outgoing ? relLabel(l.type) : t("links.incoming", { type: relLabel(l.type) });
    const specs = REL_PROPS[l.type] ?? [];
    const props =
      l.properties && Object.keys(l.properties).length
        ? Object.entries(l.properties)
            .filter(([, v]) => v !== null && v !== "")
            .map(([k, v]) => {
              const spec = specs.find((s) => s.name === k);
              const shown = spec?.spec.type === "enum" ? enumLabel(String(v)) : String(v);
              return `${spec ? t(spec.label) : k}: ${shown}`;
            })
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
              "aria-label": t("links.editLabel", { type: relLabel(l.type), name: other?.label ?? otherId }),
              "data-testid": "edit-link",
              onclick: () =>
                linkEditor?.prefill(
                  l.type,
                  other?.label ?? otherId,
                  (l.properties ?? {}) as Record<string, unknown>,
                ),
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
              "aria-label": t("links.removeLabel", { type: relLabel(l.type), name: other?.label ?? otherId }),
              "data-testid": "unlink",
              onclick: () => void doUnlink(ctx, hooks.reload, l, other?.label ?? otherId),
            },
            "×",
          )
        : null,
    );
    (groups.get(name) ?? groups.set(name, []).get(name))?.push(item);
  }
  const section = h(
    "section",
    { "aria-label": t("links.title"), "data-testid": "panel-links" },
    h("h3", {}, t("links.titleCount", { count: d.links.length })),
  );
  for (const [name, items] of [...groups.entries()].sort())
    section.append(h("h4", {}, name), h("ul", { className: "plain" }, items));
  if (canEdit(ctx.role) && !ctx.map.at) {
    linkEditor = addLinkForm(ctx, d, hooks.reload);
    section.append(linkEditor.el);
  }
  return section;
}

/** The relationship type last saved from a node of each kind: the form is rebuilt after a save
 * and keeps it, so the next link of the same type needs no new choice (issue 14). */
const lastLinkType = new Map<NodeKind, string>();
/** What is typed in a node's form, kept when the panel is rebuilt (a save, or someone else's
 * live edit of the node) so that nothing typed is lost. */
const typed = new Map<string, { type: string; target: string; props: Record<string, string> }>();

function addLinkForm(ctx: AppContext, d: NodeDetail, load: () => Promise<void>): LinkEditor {
  const options = linkOptions(d.__typename);
  if (!options.length) return { el: h("span"), prefill: () => undefined };
  const kept = typed.get(d.id);
  const remembered = kept?.type ?? lastLinkType.get(d.__typename);
  const typeSelect = h(
    "select",
    { id: "link-type", "data-testid": "link-type" },
    options.map((o) => h("option", { value: o.type, selected: o.type === remembered }, relLabel(o.type))),
  );
  const target = h("input", {
    id: "link-target",
    type: "text",
    list: "link-targets",
    placeholder: t("links.targetPlaceholder"),
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
                h("option", { value: v, selected: v === value }, v ? enumLabel(v) : "—"),
              ),
            )
          : h("input", { id, "data-testid": id, type: spec.spec.type === "date" ? "date" : "text", value });
      propInputs.set(spec.name, input);
      propsBox.append(h("label", { for: id }, t(spec.label)), input);
    }
  };
  const keep = () => {
    const props: Record<string, string> = {};
    for (const [name, input] of propInputs) props[name] = input.value;
    typed.set(d.id, { type: typeSelect.value, target: target.value, props });
  };
  typeSelect.addEventListener("change", () => {
    fill();
    showProps();
    keep();
  });
  target.addEventListener("input", () => {
    fill();
    keep();
  });
  propsBox.addEventListener("input", keep);
  propsBox.addEventListener("change", keep);
  if (kept?.type === typeSelect.value) target.value = kept.target;
  fill();
  showProps(kept?.type === typeSelect.value ? kept.props : {});
  const form = h(
    "form",
    { className: "add-link", "aria-label": t("links.add") },
    h("label", { for: "link-type" }, t("links.add")),
    typeSelect,
    h("label", { for: "link-target", className: "sr-only" }, t("links.to")),
    target,
    datalist,
    propsBox,
    h("button", { type: "submit", "data-testid": "link-add" }, t("links.save")),
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
      err.textContent = t("links.noTarget", {
        kinds: new Intl.ListFormat(locale(), { type: "disjunction" }).format(
          [...allowed].map((k) => kindLabel(k).toLowerCase()),
        ),
        name: target.value.trim(),
      });
      return;
    }
    const raw: Record<string, string> = {};
    for (const [name, input] of propInputs) raw[name] = input.value;
    const props = relProperties(typeSelect.value, raw);
    if ("error" in props) {
      const spec = REL_PROPS[typeSelect.value]?.find((s) => s.name === props.field);
      err.textContent = `${spec ? t(spec.label) : props.field}: ${props.error}`;
      return;
    }
    void (async () => {
      try {
        const problem = await link(ctx.api, d.id, other.id, typeSelect.value, props.value);
        if (problem) err.textContent = problem;
        else {
          lastLinkType.set(d.__typename, typeSelect.value);
          typed.delete(d.id);
          await load();
        }
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
      keep();
      target.focus();
    },
  };
}

type LinkDetail = NodeDetail["links"][number];

/** Removes the link at once and offers to put it back (with its properties) for a few seconds. */
async function doUnlink(
  ctx: AppContext,
  load: () => Promise<void>,
  l: LinkDetail,
  otherLabel: string,
): Promise<void> {
  try {
    const problem = await unlink(ctx.api, l.fromId, l.toId, l.type);
    if (problem) {
      ctx.fail(new Error(problem));
      return;
    }
    await load();
    offerUndo({
      message: t("links.removedUndo", { type: relLabel(l.type).toLowerCase(), other: otherLabel }),
      undo: () =>
        link(
          ctx.api,
          l.fromId,
          l.toId,
          l.type,
          (l.properties as Record<string, unknown> | null) ?? undefined,
        ),
      undone: load,
      fail: (err) => ctx.fail(err),
    });
  } catch (err) {
    ctx.fail(err);
  }
}
