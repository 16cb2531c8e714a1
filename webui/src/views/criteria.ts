// Criteria: a facilitator types a citizen group's answers in bulk (one per line, per question),
// checks and corrects the suggested dimension / component of each line, and saves them all in
// one recordCriteria; below, the criteria synthesis (what each group stressed, what nobody
// raised, minority criteria).
import "./cycle.css";
import type { AppContext, View } from "../app";
import { formatPercent, t } from "../i18n";
import { dimensionName } from "../i18n/labels";
import { clear, h } from "../lib/dom";
import { graphql } from "../generated/gql";
import type { CriterionNoteInput, Dimension, SuggestionFieldsFragment } from "../generated/gql/graphql";
import { execute } from "../lib/graphql";
import {
  QUESTIONS,
  parseBulk,
  setCode,
  setDimension,
  suggestionsQuery,
  toNote,
  withSuggestions,
  type CriterionLine,
  type Question,
} from "../lib/cycle";
import { canDraft } from "../lib/session";
import { testState } from "../lib/testState";
import { DIMENSIONS } from "../lib/types";

const SYNTHESIS_QUERY = graphql(`
  query CriteriaSynthesis($t: ID!) {
    criteriaSynthesis(territoryId: $t) {
      total
      groups {
        group {
          id
          name
        }
        total
        classified
        stressed
        dimensions {
          dimension
          name
          count
          share
        }
      }
      unraised
      minorities {
        kind
        code
        name
        group {
          id
          name
        }
        criteria {
          id
          name
        }
      }
      unclassified {
        id
        name
      }
      ungrouped {
        id
        name
      }
    }
  }
`);

const RECORD_MUTATION = graphql(`
  mutation Record($t: ID!, $criteria: [CriterionNoteInput!]!, $groupId: ID, $newGroup: NewGroupInput) {
    recordCriteria(territoryId: $t, criteria: $criteria, groupId: $groupId, newGroup: $newGroup) {
      __typename
      ... on RecordedCriteria {
        group {
          id
          name
        }
        criteria {
          criterion {
            id
          }
        }
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const CLASSIFY = graphql(`
  mutation C($id: ID!, $v: Int!, $i: ClassifyCriterionInput!) {
    classifyCriterion(id: $id, expectedVersion: $v, input: $i) {
      __typename
      ... on Criterion {
        id
        version
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const dimName = (d: string | null | undefined) =>
  d ? `${d} — ${dimensionName(d) || d}` : t("criteria.unclassifiedWord");

export async function criteriaView(ctx: AppContext): Promise<View> {
  await ctx.map.ensureLoaded();
  const el = h("section", {
    className: "view criteria-view page cycle-page",
    "aria-labelledby": "criteria-title",
  });
  el.append(h("h1", { id: "criteria-title" }, t("criteria.title")));
  const mayWrite = canDraft(ctx.role);

  // --- entry form -------------------------------------------------------------------------
  const groups = () =>
    ctx.map.data.nodes
      .filter((n) => n.kind === "Actor" && n.sector === "CITIZEN_GROUP")
      .sort((a, b) => a.label.localeCompare(b.label));
  const groupSelect = h("select", { id: "criteria-group", "data-testid": "criteria-group" });
  const newGroupName = h("input", {
    id: "criteria-new-group",
    type: "text",
    "data-testid": "criteria-new-group",
    placeholder: t("criteria.newGroupPlaceholder"),
    disabled: true,
  });
  function fillGroups(selected?: string): void {
    clear(groupSelect);
    groupSelect.append(h("option", { value: "__new" }, t("criteria.newGroupOption")));
    for (const g of groups()) groupSelect.append(h("option", { value: g.id }, g.label));
    groupSelect.value = selected ?? groups()[0]?.id ?? "__new";
    newGroupName.disabled = groupSelect.value !== "__new";
  }
  fillGroups();
  groupSelect.addEventListener("change", () => {
    newGroupName.disabled = groupSelect.value !== "__new";
    if (!newGroupName.disabled) newGroupName.focus();
  });

  const areas = new Map<Question, HTMLTextAreaElement>();
  const areaFields = QUESTIONS.map((q) => {
    const id = `criteria-text-${q.id.toLowerCase()}`;
    const area = h("textarea", { id, rows: 5, "data-testid": id, placeholder: t("criteria.onePerLine") });
    areas.set(q.id, area);
    return h("div", { className: "field" }, h("label", { for: id }, t(q.label)), area);
  });

  let lines: CriterionLine[] = [];
  const review = h("div", { className: "criteria-review", "data-testid": "criteria-review" });
  const suggestBtn = h(
    "button",
    { type: "button", "data-testid": "criteria-suggest" },
    t("criteria.suggest"),
  );
  const saveBtn = h(
    "button",
    { type: "button", className: "primary", "data-testid": "criteria-save", disabled: true },
    t("criteria.saveAll"),
  );
  const formError = h("p", { className: "error", role: "alert", "data-testid": "criteria-error" });

  async function suggest(): Promise<void> {
    formError.textContent = "";
    const typed: { text: string; question: Question }[] = [];
    for (const q of QUESTIONS)
      for (const text of parseBulk(areas.get(q.id)?.value ?? "")) typed.push({ text, question: q.id });
    if (typed.length === 0) {
      formError.textContent = t("criteria.typeOne");
      return;
    }
    suggestBtn.disabled = true;
    try {
      const { query, variables } = suggestionsQuery(typed.map((line) => line.text));
      const r = await ctx.api.request<Record<string, SuggestionFieldsFragment[]>>(query, variables);
      lines = typed.map((line, i) => withSuggestions(line.text, line.question, r[`s${i}`] ?? []));
      renderReview();
    } catch (err) {
      ctx.fail(err);
    } finally {
      suggestBtn.disabled = false;
    }
  }

  function renderReview(): void {
    clear(review);
    saveBtn.disabled = lines.length === 0 || !mayWrite;
    testState.cycleViews.criteriaLines = lines.length;
    if (lines.length === 0) return;
    const rows = lines.map((line, i) => {
      const dimSel = h("select", {
        "aria-label": t("criteria.dimensionOf", { text: line.text }),
        "data-testid": `criteria-dimension-${i}`,
      });
      dimSel.append(h("option", { value: "" }, t("criteria.unclassifiedOption")));
      for (const d of DIMENSIONS) dimSel.append(h("option", { value: d }, dimName(d)));
      dimSel.value = line.dimension ?? "";
      const codeSel = h("select", {
        "aria-label": t("criteria.componentOf", { text: line.text }),
        "data-testid": `criteria-code-${i}`,
      });
      codeSel.append(h("option", { value: "" }, t("criteria.noComponent")));
      for (const s of line.suggestions) codeSel.append(h("option", { value: s.code }, `${s.code} ${s.name}`));
      codeSel.value = line.code ?? "";
      dimSel.addEventListener("change", () => {
        lines[i] = setDimension(lines[i] as CriterionLine, dimSel.value || null);
        codeSel.value = lines[i]?.code ?? "";
      });
      codeSel.addEventListener("change", () => {
        lines[i] = setCode(lines[i] as CriterionLine, codeSel.value || null);
        dimSel.value = lines[i]?.dimension ?? "";
      });
      const q = QUESTIONS.find((x) => x.id === line.question);
      return h(
        "tr",
        { "data-testid": "criteria-line" },
        h("td", {}, line.text),
        h("td", {}, q ? t(q.short) : line.question),
        h("td", {}, dimSel),
        h("td", {}, codeSel),
      );
    });
    review.append(
      h(
        "table",
        { className: "table" },
        h("caption", {}, t("criteria.reviewCaption", { count: lines.length })),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("criteria.answer")),
            h("th", { scope: "col" }, t("field.question")),
            h("th", { scope: "col" }, t("filters.dimension")),
            h("th", { scope: "col" }, t("criteria.component")),
          ),
        ),
        h("tbody", {}, rows),
      ),
    );
  }

  async function save(): Promise<void> {
    formError.textContent = "";
    const isNew = groupSelect.value === "__new";
    const name = newGroupName.value.trim();
    if (isNew && !name) {
      formError.textContent = t("criteria.nameGroup");
      newGroupName.focus();
      return;
    }
    saveBtn.disabled = true;
    try {
      const r = await execute(ctx.api, RECORD_MUTATION, {
        t: ctx.territoryId,
        criteria: lines.map(toNote) as CriterionNoteInput[],
        groupId: isNew ? null : groupSelect.value,
        newGroup: isNew ? { name, sector: "CITIZEN_GROUP" } : null,
      });
      const res = r.recordCriteria;
      if (res.__typename !== "RecordedCriteria") {
        formError.textContent = res.message;
        testState.lastError = res.message;
        saveBtn.disabled = false;
        return;
      }
      const saved = res.criteria.length;
      const group = res.group;
      ctx.notify(t("criteria.saved", { count: saved, group: group?.name ?? t("criteria.theGroup") }));
      testState.cycleViews.criteriaSaved += saved;
      for (const a of areas.values()) a.value = "";
      lines = [];
      renderReview();
      newGroupName.value = "";
      if (group && !ctx.map.node(group.id)) {
        // A new group: put it in the map now (its live event confirms it later) for the picker.
        const fresh = await ctx.map.fetchNode(group.id);
        if (fresh) ctx.map.upsertLocal(fresh);
      }
      fillGroups(group?.id);
      await loadSynthesis();
    } catch (err) {
      saveBtn.disabled = false;
      ctx.fail(err);
    }
  }
  suggestBtn.addEventListener("click", () => void suggest());
  saveBtn.addEventListener("click", () => void save());

  el.append(
    h(
      "form",
      {
        className: "criteria-form",
        "aria-label": t("criteria.formLabel"),
        onsubmit: (e: Event) => e.preventDefault(),
      },
      h(
        "div",
        { className: "field" },
        h("label", { for: "criteria-group" }, t("enum.CITIZEN_GROUP")),
        groupSelect,
      ),
      h(
        "div",
        { className: "field" },
        h("label", { for: "criteria-new-group" }, t("criteria.newGroupName")),
        newGroupName,
      ),
      h("div", { className: "criteria-questions" }, areaFields),
      h("div", { className: "actions" }, suggestBtn, saveBtn),
      formError,
      review,
    ),
  );
  if (!mayWrite)
    el.append(h("p", { className: "muted", "data-testid": "criteria-readonly" }, t("criteria.readonly")));

  // --- synthesis ----------------------------------------------------------------------------
  const synth = h("section", {
    className: "criteria-synthesis",
    "aria-labelledby": "criteria-synthesis-title",
    "data-testid": "criteria-synthesis",
  });
  el.append(synth);

  async function loadSynthesis(): Promise<void> {
    const r = await execute(ctx.api, SYNTHESIS_QUERY, { t: ctx.territoryId });
    const s = r.criteriaSynthesis;
    testState.cycleViews.criteriaGroups = s.groups.map((g) => g.group.name);
    clear(synth);
    synth.append(
      h("h2", { id: "criteria-synthesis-title" }, t("criteria.synthesisTitle", { count: s.total })),
    );
    const cards = s.groups.map((g) =>
      h(
        "article",
        { className: "card", "data-testid": "criteria-group-card", "data-group": g.group.name },
        h("h3", {}, g.group.name),
        h(
          "p",
          { className: "muted" },
          t("criteria.groupCounts", { count: g.total, classified: g.classified }),
        ),
        h(
          "p",
          {},
          h("strong", {}, `${t("criteria.stressed")} `),
          g.stressed.length ? g.stressed.map(dimName).join("; ") : t("contracts.noneYet"),
        ),
        h(
          "ul",
          { className: "dimension-bars" },
          g.dimensions.map((d) =>
            h(
              "li",
              {},
              h("span", { className: "dim-label" }, `${d.dimension} ${dimensionName(d.dimension) || d.name}`),
              h("span", {
                className: "bar",
                style: `width:${Math.round(d.share * 100)}%`,
                "aria-hidden": "true",
              }),
              h("span", { className: "dim-count" }, `${d.count} (${formatPercent(d.share)})`),
            ),
          ),
        ),
      ),
    );
    synth.append(
      h(
        "div",
        { className: "cards" },
        cards.length ? cards : h("p", { className: "muted" }, t("criteria.noGroup")),
      ),
    );
    synth.append(
      h("h3", {}, t("criteria.unraised")),
      h(
        "ul",
        { "data-testid": "criteria-unraised" },
        s.unraised.length
          ? s.unraised.map((d) => h("li", {}, dimName(d)))
          : h("li", {}, t("criteria.allRaised")),
      ),
      h("h3", {}, t("criteria.minorities")),
      h(
        "ul",
        { "data-testid": "criteria-minorities" },
        s.minorities.length
          ? s.minorities.map((m) =>
              h(
                "li",
                {},
                `${t("criteria.minority", { code: m.code, name: m.name, group: m.group.name, kind: m.kind })} `,
                m.criteria.map((c) => c.name).join("; "),
              ),
            )
          : h("li", {}, t("criteria.noMinority")),
      ),
    );
    if (s.unclassified.length) {
      synth.append(
        h("h3", {}, t("criteria.unclassified", { count: s.unclassified.length })),
        h(
          "ul",
          { "data-testid": "criteria-unclassified" },
          s.unclassified.map((c) => {
            if (!mayWrite) return h("li", {}, c.name);
            const sel = h(
              "select",
              {
                "aria-label": t("criteria.dimensionOf", { text: c.name }),
                "data-testid": `classify-dimension-${c.id}`,
              },
              DIMENSIONS.map((d) => h("option", { value: d }, dimName(d))),
            );
            const btn = h(
              "button",
              { type: "button", "data-testid": `classify-${c.id}` },
              t("criteria.classify"),
            );
            btn.addEventListener("click", () => void classify(c.id, sel.value, btn));
            return h("li", {}, `${c.name} `, sel, " ", btn);
          }),
        ),
      );
    }
  }
  /** classifyCriterion on the version the map holds (a conflict says so and reloads). */
  async function classify(id: string, dimension: string, btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    try {
      const node = ctx.map.node(id) ?? (await ctx.map.fetchNode(id));
      const r = await execute(ctx.api, CLASSIFY, {
        id,
        v: node?.version ?? 1,
        i: { dimension: dimension as Dimension },
      });
      const res = r.classifyCriterion;
      if (res.__typename !== "Criterion") {
        testState.lastError = res.message;
        ctx.notify(res.message, "error");
      } else ctx.notify(t("criteria.classified", { dimension: dimName(dimension) }));
      await loadSynthesis();
    } catch (err) {
      btn.disabled = false;
      ctx.fail(err);
    }
  }
  await loadSynthesis();
  return { el };
}
