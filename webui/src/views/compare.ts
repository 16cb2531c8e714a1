// Compare & files: this territory beside others that chose to share (dimensions covered, gaps by
// dimension, contract forms), a contract started from another's as a template, and the map
// downloaded / uploaded as a file (exportFile / importFile).
import "./cycle.css";
import type { AppContext, View } from "../app";
import { t } from "../i18n";
import { enumLabel } from "../i18n/labels";
import { clear, h } from "../lib/dom";
import { graphql } from "../generated/gql";
import { execute } from "../lib/graphql";
import { FILE_FORMATS, base64ToBytes, bytesToBase64, formatOf } from "../lib/cycle";
import { canDraft, canEdit } from "../lib/session";
import { testState } from "../lib/testState";
import { DIMENSIONS } from "../lib/types";

const SHARED = graphql(`
  query SharedTerritories {
    sharedTerritories {
      id
      name
      country
      spiralCycle
    }
  }
`);

const TEMPLATE = graphql(`
  mutation T($t: ID!, $c: ID!) {
    contractFromTemplate(territoryId: $t, sourceContractId: $c) {
      __typename
      ... on Contract {
        id
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const COMPARE = graphql(`
  query Compare($t: ID!, $o: [ID!]!) {
    compareTerritories(territoryId: $t, otherIds: $o) {
      territory {
        id
        name
      }
      cycle
      gaps
      topicsByDimension {
        dimension
        count
      }
      commitmentsByDimension {
        dimension
        count
      }
      gapsByDimension {
        dimension
        count
      }
      contracts {
        contract {
          id
          name
        }
        status
        parties
        sectors
        durationMonths
        commitments
      }
    }
  }
`);

const EXPORT = graphql(`
  query E($t: ID!, $f: String!) {
    exportFile(territoryId: $t, format: $f) {
      filename
      contentType
      contentBase64
      nodes
      relationships
      dropped
    }
  }
`);

const IMPORT = graphql(`
  mutation I($t: ID!, $f: String!, $c: String!, $n: String) {
    importFile(territoryId: $t, format: $f, contentBase64: $c, filename: $n) {
      __typename
      ... on ImportedFile {
        nodes
        relationships
        created
        updated
        unchanged
        dropped
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

type Tally = { dimension: string; count: number };

const tally = (tallies: Tally[], d: string) => tallies.find((x) => x.dimension === d)?.count ?? 0;

export async function compareView(ctx: AppContext): Promise<View> {
  const el = h("section", {
    className: "view compare-view page cycle-page",
    "aria-labelledby": "compare-title",
  });
  el.append(h("h1", { id: "compare-title" }, t("nav.compare")));

  // --- compare ------------------------------------------------------------------------------
  const shared = (await execute(ctx.api, SHARED)).sharedTerritories.filter(
    (terr) => terr.id !== ctx.territoryId,
  );
  const picks = shared.map((terr) => {
    const box = h("input", {
      type: "checkbox",
      id: `compare-${terr.id}`,
      value: terr.id,
      "data-testid": `compare-pick-${terr.id}`,
    });
    return {
      box,
      row: h(
        "li",
        {},
        box,
        h(
          "label",
          { for: `compare-${terr.id}` },
          ` ${t("compare.pick", { name: terr.name, country: terr.country, cycle: terr.spiralCycle })}`,
        ),
      ),
    };
  });
  const profilesOut = h("div", { "data-testid": "compare-result", "aria-live": "polite" });
  const compareBtn = h("button", { type: "button", "data-testid": "compare-run" }, t("compare.run"));
  const compareBox = h(
    "section",
    { "aria-labelledby": "compare-sub" },
    h("h2", { id: "compare-sub" }, t("compare.subtitle")),
    picks.length
      ? h(
          "ul",
          { className: "plain" },
          picks.map((p) => p.row),
        )
      : h("p", { className: "muted", "data-testid": "compare-none" }, t("compare.none")),
    h("div", { className: "actions" }, compareBtn),
    profilesOut,
  );
  el.append(compareBox);

  async function useTemplate(contractId: string, btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    try {
      const r = await execute(ctx.api, TEMPLATE, { t: ctx.territoryId, c: contractId });
      const res = r.contractFromTemplate;
      if (res.__typename !== "Contract") {
        testState.lastError = res.message;
        ctx.notify(res.message, "error");
        btn.disabled = false;
        return;
      }
      const id = res.id;
      ctx.notify(t("compare.templated"));
      ctx.navigate(`/t/${encodeURIComponent(ctx.territoryId)}/contracts/${encodeURIComponent(id)}`);
    } catch (err) {
      btn.disabled = false;
      ctx.fail(err);
    }
  }

  async function compare(): Promise<void> {
    const others = picks.filter((p) => p.box.checked).map((p) => p.box.value);
    const r = await execute(ctx.api, COMPARE, { t: ctx.territoryId, o: others });
    const profiles = r.compareTerritories;
    testState.cycleViews.compared = profiles.map((p) => p.territory.id);
    clear(profilesOut);
    profilesOut.append(
      h(
        "table",
        { className: "table", "data-testid": "compare-table" },
        h("caption", {}, t("compare.caption")),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("filters.dimension")),
            profiles.map((p) =>
              h("th", { scope: "col" }, t("compare.profile", { name: p.territory.name, cycle: p.cycle })),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          DIMENSIONS.map((d) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, d),
              profiles.map((p) =>
                h(
                  "td",
                  {},
                  `${tally(p.topicsByDimension, d)} / ${tally(p.commitmentsByDimension, d)} / ${tally(p.gapsByDimension, d)}`,
                ),
              ),
            ),
          ),
          h(
            "tr",
            {},
            h("th", { scope: "row" }, t("nav.gaps")),
            profiles.map((p) => h("td", {}, String(p.gaps))),
          ),
        ),
      ),
    );
    for (const p of profiles) {
      profilesOut.append(
        h(
          "table",
          { className: "table", "data-testid": `compare-contracts-${p.territory.id}` },
          h("caption", {}, t("compare.forms", { name: p.territory.name })),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, t("kind.Contract")),
              h("th", { scope: "col" }, t("common.status")),
              h("th", { scope: "col" }, t("contracts.parties")),
              h("th", { scope: "col" }, t("compare.sectors")),
              h("th", { scope: "col" }, t("compare.months")),
              h("th", { scope: "col" }, t("contracts.commitments")),
              h("th", { scope: "col" }, h("span", { className: "sr-only" }, t("compare.template"))),
            ),
          ),
          h(
            "tbody",
            {},
            p.contracts.map((c) => {
              const btn = h(
                "button",
                {
                  type: "button",
                  "data-testid": `template-${c.contract.id}`,
                  "aria-label": t("compare.startFrom", { name: c.contract.name }),
                  disabled: !canDraft(ctx.role),
                },
                t("compare.useTemplate"),
              );
              btn.addEventListener("click", () => void useTemplate(c.contract.id, btn));
              return h(
                "tr",
                {},
                h("th", { scope: "row" }, c.contract.name),
                h("td", {}, enumLabel(c.status).toLowerCase()),
                h("td", {}, String(c.parties)),
                h("td", {}, c.sectors.map((s) => enumLabel(s).toLowerCase()).join(", ")),
                h("td", {}, c.durationMonths === null ? "—" : String(c.durationMonths)),
                h("td", {}, String(c.commitments)),
                h("td", {}, btn),
              );
            }),
          ),
        ),
      );
    }
  }
  compareBtn.addEventListener("click", () => void compare().catch((e: unknown) => ctx.fail(e)));

  // --- files --------------------------------------------------------------------------------
  const fmtSel = h(
    "select",
    { id: "export-format", "data-testid": "export-format" },
    FILE_FORMATS.map((f) => h("option", { value: f.id }, t(f.label))),
  );
  const exportBtn = h("button", { type: "button", "data-testid": "export-run" }, t("compare.download"));
  const exportOut = h("p", { className: "muted", "data-testid": "export-result", "aria-live": "polite" });
  exportBtn.addEventListener("click", () => {
    exportBtn.disabled = true;
    void (async () => {
      try {
        const r = await execute(ctx.api, EXPORT, { t: ctx.territoryId, f: fmtSel.value });
        const f = r.exportFile;
        const url = URL.createObjectURL(new Blob([base64ToBytes(f.contentBase64)], { type: f.contentType }));
        const a = h("a", { href: url, download: f.filename });
        document.body.append(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
        exportOut.textContent = t("compare.exported", {
          file: f.filename,
          nodes: f.nodes,
          relationships: f.relationships,
        });
        if (f.dropped.length) exportOut.textContent += t("compare.drops", { dropped: f.dropped.join("; ") });
        testState.cycleViews.exported = f.filename;
      } catch (err) {
        ctx.fail(err);
      } finally {
        exportBtn.disabled = false;
      }
    })();
  });

  const fileInput = h("input", {
    type: "file",
    id: "import-file",
    "data-testid": "import-file",
    accept: ".json,.csv,.zip,.xlsx,.graphml,.gexf",
  });
  const importFmt = h(
    "select",
    { id: "import-format", "data-testid": "import-format" },
    h("option", { value: "" }, t("compare.fromExtension")),
    FILE_FORMATS.map((f) => h("option", { value: f.id }, t(f.label))),
  );
  const importBtn = h(
    "button",
    { type: "button", "data-testid": "import-run", disabled: !canEdit(ctx.role) },
    t("compare.import"),
  );
  const importOut = h("div", { "data-testid": "import-result", "aria-live": "polite" });
  importBtn.addEventListener("click", () => {
    const file = fileInput.files?.[0];
    clear(importOut);
    if (!file) {
      importOut.append(h("p", { className: "error", role: "alert" }, t("compare.chooseFile")));
      return;
    }
    const format = importFmt.value || formatOf(file.name);
    if (!format) {
      importOut.append(
        h("p", { className: "error", role: "alert" }, t("compare.unknownFormat", { name: file.name })),
      );
      return;
    }
    importBtn.disabled = true;
    void (async () => {
      try {
        const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const r = await execute(ctx.api, IMPORT, { t: ctx.territoryId, f: format, c: content, n: file.name });
        const res = r.importFile;
        if (res.__typename !== "ImportedFile") {
          const e = res;
          testState.lastError = e.message;
          testState.cycleViews.imported = null;
          importOut.append(
            h(
              "p",
              { className: "error", role: "alert" },
              t("compare.nothingWritten", { message: e.message }),
            ),
          );
          if ("problems" in e && e.problems.length)
            importOut.append(
              h(
                "ul",
                { "data-testid": "import-problems" },
                e.problems.map((p) => h("li", {}, `${p.field}: ${p.message}`)),
              ),
            );
          return;
        }
        const ok = res;
        testState.cycleViews.imported = { created: ok.created, updated: ok.updated, unchanged: ok.unchanged };
        importOut.append(
          h(
            "p",
            {},
            t("compare.imported", {
              nodes: ok.nodes,
              relationships: ok.relationships,
              created: ok.created,
              updated: ok.updated,
              unchanged: ok.unchanged,
            }) + (ok.dropped.length ? ` ${t("compare.dropped", { dropped: ok.dropped.join("; ") })}` : ""),
          ),
        );
        await ctx.map.showAt(null);
      } catch (err) {
        ctx.fail(err);
      } finally {
        importBtn.disabled = !canEdit(ctx.role);
      }
    })();
  });

  el.append(
    h(
      "section",
      { "aria-labelledby": "files-title" },
      h("h2", { id: "files-title" }, t("compare.files")),
      h(
        "div",
        { className: "actions diff-pickers" },
        h("label", { for: "export-format" }, t("compare.downloadAs")),
        fmtSel,
        exportBtn,
      ),
      exportOut,
      h(
        "div",
        { className: "actions diff-pickers" },
        h("label", { for: "import-file" }, t("compare.importFile")),
        fileInput,
        h("label", { for: "import-format" }, t("compare.format")),
        importFmt,
        importBtn,
      ),
      canEdit(ctx.role) ? null : h("p", { className: "muted" }, t("compare.importRole")),
      importOut,
    ),
  );
  await compare();
  return { el };
}
