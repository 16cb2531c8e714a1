import type { App, View } from "../app";
import { t } from "../i18n";
import { h } from "../lib/dom";
import { sectorLabel } from "../lib/palette";

export function territoriesPage(app: App): View {
  const me = app.me;
  const items = (me?.memberships ?? [])
    .slice()
    .sort((a, b) => (a.territory?.name ?? "").localeCompare(b.territory?.name ?? ""));
  const list = h(
    "ul",
    { className: "territory-list", "data-testid": "territory-list" },
    items.map((m) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            href: `/t/${encodeURIComponent(m.territoryId)}/map`,
            className: "territory-card",
            "data-testid": "territory-link",
            "data-territory-id": m.territoryId,
            onclick: (e: Event) => {
              e.preventDefault();
              app.navigate(`/t/${encodeURIComponent(m.territoryId)}/map`);
            },
          },
          h("strong", {}, m.territory?.name ?? m.territoryId),
          h(
            "span",
            { className: "muted" },
            [m.territory?.country, t("territories.role", { role: sectorLabel(m.role) })]
              .filter(Boolean)
              .join(" · "),
          ),
          m.territory?.description ? h("span", { className: "desc" }, m.territory.description) : null,
        ),
      ),
    ),
  );
  return {
    el: h(
      "div",
      { className: "page" },
      h(
        "div",
        { className: "card" },
        h("h1", {}, t("territories.title")),
        items.length ? list : h("p", { "data-testid": "no-territories" }, t("territories.none")),
      ),
    ),
  };
}
