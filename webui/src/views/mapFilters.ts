// The map's facets: a group of check boxes per type, sector, dimension and status present on the
// map, and a topic and a contract to keep; each change applies the filter at once.
import type { FilterState } from "../lib/filters";
import { clear, h } from "../lib/dom";
import type { MapStore } from "../lib/mapStore";
import { kindLabel, sectorLabel } from "../lib/palette";
import { t } from "../i18n";
import { dimensionName } from "../i18n/labels";
import { NODE_KINDS, SECTORS, type NodeKind } from "../lib/types";

const STATUSES = [
  "PROPOSED",
  "ACTIVE",
  "FULFILLED",
  "LAPSED",
  "WITHDRAWN",
  "DRAFT",
  "NEGOTIATING",
  "SIGNED",
  "EVALUATED",
  "CLOSED",
  "PLANNED",
  "ONGOING",
  "DONE",
  "ABANDONED",
];

export function facetControls(
  store: MapStore,
  vs: { filter: FilterState },
  apply: () => void,
): { facets: HTMLElement; renderFacets(): void } {
  function checkGroup(
    legendText: string,
    testid: string,
    values: readonly string[],
    selectedSet: () => ReadonlySet<string>,
    label: (v: string) => string,
    set: (s: Set<string>) => void,
  ): HTMLElement {
    return h(
      "fieldset",
      { className: "facet", "data-testid": `facet-${testid}` },
      h("legend", {}, legendText),
      values.map((v) =>
        h(
          "label",
          { className: "check" },
          h("input", {
            type: "checkbox",
            value: v,
            checked: selectedSet().has(v),
            "data-testid": `filter-${testid}-${v}`,
            onchange: (e: Event) => {
              const next = new Set(selectedSet());
              if ((e.target as HTMLInputElement).checked) next.add(v);
              else next.delete(v);
              set(next);
              apply();
            },
          }),
          label(v),
        ),
      ),
    );
  }
  const topicSelect = h("select", { id: "filter-topic", "data-testid": "filter-topic" });
  const contractSelect = h("select", { id: "filter-contract", "data-testid": "filter-contract" });
  function fillSelect(
    sel: HTMLSelectElement,
    kind: NodeKind,
    current: ReadonlySet<string>,
    none: string,
  ): void {
    clear(sel);
    sel.append(h("option", { value: "" }, none));
    const items = store.data.nodes
      .filter((n) => n.kind === kind)
      .sort((a, b) => a.label.localeCompare(b.label));
    for (const n of items) sel.append(h("option", { value: n.id, selected: current.has(n.id) }, n.label));
  }
  topicSelect.addEventListener("change", () => {
    vs.filter = { ...vs.filter, topicIds: new Set(topicSelect.value ? [topicSelect.value] : []) };
    apply();
  });
  contractSelect.addEventListener("change", () => {
    vs.filter = { ...vs.filter, contractIds: new Set(contractSelect.value ? [contractSelect.value] : []) };
    apply();
  });

  const facets = h("div", { className: "facets" });
  function renderFacets(): void {
    clear(facets);
    const present = new Set(store.data.nodes.map((n) => n.kind));
    const statuses = new Set(store.data.nodes.map((n) => n.status).filter((s): s is string => !!s));
    const dims = new Set(store.data.nodes.map((n) => n.dimension).filter((s): s is string => !!s));
    const sectors = new Set(
      store.data.nodes.filter((n) => n.kind === "Actor").map((n) => n.sector ?? "OTHER"),
    );
    facets.append(
      checkGroup(
        t("filters.type"),
        "kind",
        NODE_KINDS.filter((k) => present.has(k)),
        () => vs.filter.kinds,
        (k) => kindLabel(k as NodeKind),
        (s) => (vs.filter = { ...vs.filter, kinds: s as Set<NodeKind> }),
      ),
      checkGroup(
        t("common.sector"),
        "sector",
        SECTORS.filter((s) => sectors.has(s)),
        () => vs.filter.sectors,
        sectorLabel,
        (s) => (vs.filter = { ...vs.filter, sectors: s }),
      ),
      checkGroup(
        t("filters.dimension"),
        "dimension",
        [...dims].sort(),
        () => vs.filter.dimensions,
        (d) => `${d} ${dimensionName(d)}`,
        (s) => (vs.filter = { ...vs.filter, dimensions: s }),
      ),
      checkGroup(
        t("common.status"),
        "status",
        STATUSES.filter((s) => statuses.has(s)),
        () => vs.filter.statuses,
        sectorLabel,
        (s) => (vs.filter = { ...vs.filter, statuses: s }),
      ),
      h("label", { for: "filter-topic" }, t("kind.Topic")),
      topicSelect,
      h("label", { for: "filter-contract" }, t("kind.Contract")),
      contractSelect,
    );
    fillSelect(topicSelect, "Topic", vs.filter.topicIds, t("filters.anyTopic"));
    fillSelect(contractSelect, "Contract", vs.filter.contractIds, t("filters.anyContract"));
  }
  return { facets, renderFacets };
}
