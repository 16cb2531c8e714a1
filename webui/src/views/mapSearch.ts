// The map's search box: results ranked as the user types (after a pause on a large map), Enter
// or the arrow keys to reach one, a click selects it on the map.
import type { ColourBy } from "../lib/palette";
import type { FilterState } from "../lib/filters";
import { t } from "../i18n";
import { clear, h } from "../lib/dom";
import type { MapStore } from "../lib/mapStore";
import { searchNodes } from "../lib/filters";
import { kindLabel, nodeColour } from "../lib/palette";

export interface SearchBox {
  searchInput: HTMLInputElement;
  results: HTMLElement;
  renderResults(): void;
}

export function searchBox(
  store: MapStore,
  vs: { filter: FilterState; colourBy: ColourBy },
  hooks: { select(id: string, centre: boolean): void; apply(): void },
): SearchBox {
  const select = hooks.select;
  const apply = hooks.apply;
  const searchInput = h("input", {
    type: "search",
    id: "map-search",
    placeholder: t("search.placeholder"),
    "data-testid": "search",
    autocomplete: "off",
    "aria-controls": "search-results",
    value: vs.filter.search,
  });
  const results = h("ul", {
    id: "search-results",
    className: "search-results",
    "data-testid": "search-results",
    "aria-label": t("search.results"),
  });
  function renderResults(): void {
    clear(results);
    const hits = searchNodes(store.index, searchInput.value, 12);
    for (const n of hits) {
      results.append(
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              className: "result",
              "data-testid": "search-result",
              "data-node-id": n.id,
              onclick: () => select(n.id, true),
            },
            h("span", { className: "swatch", style: `background:${nodeColour(n, vs.colourBy)}` }),
            `${n.label}`,
            h("span", { className: "muted" }, ` ${kindLabel(n.kind)}`),
          ),
        ),
      );
    }
  }
  let searchTimer: number | null = null;
  searchInput.addEventListener("input", () => {
    const run = () => {
      vs.filter = { ...vs.filter, search: searchInput.value };
      renderResults();
      apply();
    };
    // On a large map every keystroke would refilter thousands of nodes: wait for a pause.
    if (searchTimer !== null) window.clearTimeout(searchTimer);
    if (store.data.nodes.length > 2000) searchTimer = window.setTimeout(run, 150);
    else run();
  });
  searchInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      const first = results.querySelector<HTMLButtonElement>("button");
      first?.click();
    } else if (e.key === "ArrowDown") {
      results.querySelector<HTMLButtonElement>("button")?.focus();
      e.preventDefault();
    }
  });
  results.addEventListener("keydown", (e) => {
    const buttons = [...results.querySelectorAll<HTMLButtonElement>("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "ArrowDown" && at >= 0) buttons[Math.min(at + 1, buttons.length - 1)]?.focus();
    else if (e.key === "ArrowUp") (at <= 0 ? searchInput : buttons[at - 1])?.focus();
    else return;
    e.preventDefault();
  });
  return { searchInput, results, renderResults };
}
