// The side panel's relationships: the node's links grouped by type (select the other end, edit a
// link's properties, remove it) and, for editors, the form that adds a link.
import type { AppContext } from "../app";
import { clear, h } from "../lib/dom";
import { linkOptions, REL_PROPS, relProperties } from "../lib/fields";
import { link, unlink, type NodeDetail } from "../lib/nodeApi";
import { kindLabel } from "../lib/palette";
import { canEdit } from "../lib/session";
import { humanize, searchKey, type NodeKind } from "../lib/types";

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
              "aria-label": `Remove the ${humanize(l.type)} link to ${other?.label ?? otherId}`,
              "data-testid": "unlink",
              onclick: () => void doUnlink(ctx, hooks.reload, l.fromId, l.toId, l.type),
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
    linkEditor = addLinkForm(ctx, d, hooks.reload);
    section.append(linkEditor.el);
  }
  return section;
}

function addLinkForm(ctx: AppContext, d: NodeDetail, load: () => Promise<void>): LinkEditor {
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

async function doUnlink(
  ctx: AppContext,
  load: () => Promise<void>,
  fromId: string,
  toId: string,
  type: string,
): Promise<void> {
  try {
    const problem = await unlink(ctx.api, fromId, toId, type);
    if (problem) ctx.fail(new Error(problem));
    else await load();
  } catch (err) {
    ctx.fail(err);
  }
}
