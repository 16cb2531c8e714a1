// Contracts: the list, and one contract's parties with roles and commitments, objective,
// targets, life-cycle buttons, co-evaluations on the 1-5 scale, and a timeline.
import type { AppContext, View } from "../app";
import { allowedMoves, CONTRACT_STEPS, contractTimeline } from "../lib/contracts";
import { formatDay, formatPercent, t } from "../i18n";
import { enumLabel, kindLabel } from "../i18n/labels";
import { append, clear, h } from "../lib/dom";
import { graphql } from "../generated/gql";
import type {
  ContractQuery,
  ContractsQuery,
  ContractStatus,
  EvaluationPhase,
} from "../generated/gql/graphql";
import { execute } from "../lib/graphql";
import { fetchHistory, outcome } from "../lib/nodeApi";
import { sectorLabel, SECTOR_COLOURS } from "../lib/palette";
import { canEdit } from "../lib/session";
import { confirmFirst, offerUndo } from "../lib/undo";
import { originText, titleObjectiveForm } from "./contractEdit";
import { testState } from "../lib/testState";
import type { Sector } from "../lib/types";

const DETAIL = graphql(`
  query Contract($id: ID!) {
    node(id: $id) {
      __typename
      ... on Contract {
        id
        version
        ...ContractFields
        status
        origin
        createdAt
        signatories {
          role
          on
          actor {
            id
            name
            sector
          }
        }
        commitments {
          id
          title
          status
          progress
          horizon
          startsOn
          endsOn
          usesNonRenewable
          actors {
            id
            name
          }
        }
        targets {
          __typename
          id
          label
        }
        actions {
          id
          title
          status
          startsOn
          endsOn
          progress
        }
        evaluations {
          id
          phase
          level
          on
          comment
          by {
            id
            name
          }
        }
      }
    }
  }
`);

type ContractDetail = Extract<NonNullable<ContractQuery["node"]>, { __typename: "Contract" }>;

const LIST = graphql(`
  query Contracts($t: ID!, $after: String) {
    contracts(territoryId: $t, first: 100, after: $after) {
      edges {
        node {
          id
          title
          status
          signedOn
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type ContractRow = ContractsQuery["contracts"]["edges"][number]["node"];

const EVALUATE = graphql(`
  mutation Eval($input: RecordEvaluationInput!) {
    recordEvaluation(input: $input) {
      __typename
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

const MOVE = graphql(`
  mutation Move($id: ID!, $v: Int!, $s: ContractStatus!) {
    moveContract(id: $id, expectedVersion: $v, status: $s) {
      __typename
      ... on Contract {
        id
        version
        status
      }
      ...ValidationErrorFields
      ...VersionConflictFields
      ...NotFoundFields
      ...PermissionDeniedFields
    }
  }
`);

async function listContracts(ctx: AppContext): Promise<ContractRow[]> {
  const rows: ContractRow[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r: ContractsQuery = await execute(ctx.api, LIST, { t: ctx.territoryId, after });
    rows.push(...r.contracts.edges.map((e) => e.node));
    if (!r.contracts.pageInfo.hasNextPage) break;
    after = r.contracts.pageInfo.endCursor ?? null;
  }
  return rows;
}

export async function contractsView(ctx: AppContext): Promise<View> {
  const listEl = h("nav", { className: "list", "aria-label": t("nav.contracts") });
  const detailEl = h("section", {
    className: "detail",
    "data-testid": "contract-detail",
    "aria-live": "polite",
  });
  const current = ctx.item;
  const path = (id: string) =>
    `/t/${encodeURIComponent(ctx.territoryId)}/contracts/${encodeURIComponent(id)}`;

  async function renderList(): Promise<void> {
    const rows = await listContracts(ctx);
    clear(listEl);
    listEl.append(h("h1", {}, t("contracts.title", { count: rows.length })));
    const ul = h("ul", { className: "plain", "data-testid": "contract-list" });
    for (const c of rows.sort((a, b) => a.title.localeCompare(b.title))) {
      ul.append(
        h(
          "li",
          {},
          h(
            "a",
            {
              href: path(c.id),
              className: `item-card${c.id === current ? " active" : ""}`,
              style: "display:block;text-decoration:none;color:inherit",
              "data-testid": "contract-item",
              "data-contract-id": c.id,
              "aria-current": c.id === current ? "page" : undefined,
              onclick: (e: Event) => {
                e.preventDefault();
                ctx.navigate(path(c.id));
              },
            },
            h("h4", {}, c.title),
            h("span", { className: "badge" }, enumLabel(c.status)),
            c.signedOn
              ? h(
                  "span",
                  { className: "muted small" },
                  ` ${t("contracts.signedOn", { day: formatDay(c.signedOn) })}`,
                )
              : null,
          ),
        ),
      );
    }
    listEl.append(ul);
    if (!current && rows[0]) ctx.navigate(path(rows[0].id), { replace: true });
  }

  async function renderDetail(): Promise<void> {
    clear(detailEl);
    if (!current) {
      detailEl.append(h("p", { className: "muted" }, t("contracts.none")));
      return;
    }
    const r = await execute(ctx.api, DETAIL, { id: current });
    const c = r.node;
    if (!c || c.__typename !== "Contract") {
      detailEl.append(h("p", {}, t("contracts.notFound", { id: current })));
      return;
    }
    testState.selectedNodeId = c.id;
    const editable = canEdit(ctx.role);
    detailEl.dataset["contractId"] = c.id;

    const lifecycle = h(
      "div",
      { className: "lifecycle", "aria-label": t("contracts.lifecycle"), "data-testid": "lifecycle" },
      CONTRACT_STEPS.map((s) =>
        h(
          "span",
          {
            className: `step${s === c.status ? " current" : ""}`,
            "aria-current": s === c.status ? "step" : undefined,
          },
          enumLabel(s),
        ),
      ),
    );
    const moves = h("div", { className: "actions" });
    if (editable) {
      for (const to of allowedMoves(c.status)) {
        moves.append(
          h(
            "button",
            {
              type: "button",
              className: to === "CLOSED" ? "danger" : "",
              "data-testid": `move-${to}`,
              onclick: () => void moveAsked(c, to),
            },
            t("contracts.moveTo", { status: enumLabel(to).toLowerCase() }),
          ),
        );
      }
    }

    const parties = h(
      "table",
      { className: "data", "data-testid": "parties" },
      h("caption", { className: "sr-only" }, t("contracts.parties")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, t("common.party")),
          h("th", {}, t("common.sector")),
          h("th", {}, t("common.role")),
          h("th", {}, t("contracts.commitments")),
        ),
      ),
    );
    const body = h("tbody");
    for (const s of c.signatories) {
      const theirs = c.commitments.filter((k) => k.actors.some((a) => a.id === s.actor.id));
      body.append(
        h(
          "tr",
          { "data-testid": "party-row", "data-actor-id": s.actor.id },
          h(
            "td",
            {},
            h(
              "a",
              {
                href: `/t/${ctx.territoryId}/map?node=${s.actor.id}`,
                onclick: (e: Event) => {
                  e.preventDefault();
                  ctx.navigate(
                    `/t/${encodeURIComponent(ctx.territoryId)}/map?node=${encodeURIComponent(s.actor.id)}`,
                  );
                },
              },
              s.actor.name,
            ),
          ),
          h(
            "td",
            {},
            h("span", {
              className: "swatch",
              style: `background:${SECTOR_COLOURS[s.actor.sector as Sector] ?? "#999"}`,
            }),
            " ",
            sectorLabel(s.actor.sector),
          ),
          h("td", {}, enumLabel(s.role)),
          h(
            "td",
            {},
            theirs.length
              ? h(
                  "ul",
                  { className: "plain" },
                  theirs.map((k) =>
                    h(
                      "li",
                      {},
                      `${k.title} `,
                      h(
                        "span",
                        { className: "muted small" },
                        `(${enumLabel(k.status, "commitment").toLowerCase()}, ${formatPercent(k.progress / 100)})`,
                      ),
                    ),
                  ),
                )
              : h("span", { className: "muted" }, t("contracts.noneYet")),
          ),
        ),
      );
    }
    parties.append(body);
    const unattributed = c.commitments.filter(
      (k) => !k.actors.some((a) => c.signatories.some((s) => s.actor.id === a.id)),
    );

    const evalTable = evaluationTable(c);
    const timeline = h("ol", { className: "timeline", "data-testid": "contract-timeline" });
    const moves$ = await statusMoves(c.id, c.createdAt);
    for (const ev of contractTimeline(c, moves$))
      timeline.append(h("li", {}, h("strong", {}, formatDay(ev.on)), ` ${ev.label}`));

    const heading = h(
      "h2",
      { className: "detail-title", "data-testid": "contract-title", tabindex: "-1" },
      c.title,
    );
    const objective = h("p", { "data-testid": "contract-objective" }, c.objective || "—");
    append(detailEl, [
      heading,
      lifecycle,
      moves,
      h("h3", {}, t("contracts.objective")),
      objective,
      editable
        ? h(
            "button",
            {
              type: "button",
              "data-testid": "edit-contract",
              onclick: (e: Event) =>
                (e.currentTarget as HTMLElement).replaceWith(
                  titleObjectiveForm(
                    ctx,
                    c,
                    { heading, objective },
                    {
                      saved: () => void Promise.all([renderList(), renderDetail()]),
                      cancel: () => void renderDetail(),
                    },
                  ),
                ),
            },
            t("contracts.editTitleObjective"),
          )
        : null,
      h(
        "dl",
        { className: "fields" },
        h("dt", {}, t("common.status")),
        h("dd", { "data-testid": "contract-status" }, enumLabel(c.status)),
        h("dt", {}, t("field.signedOn")),
        h("dd", {}, c.signedOn ? formatDay(c.signedOn) : "—"),
        h("dt", {}, t("contracts.duration")),
        h("dd", {}, c.durationMonths ? t("contracts.months", { count: c.durationMonths }) : "—"),
        h("dt", {}, t("field.reviewOn")),
        h("dd", {}, c.reviewOn ? formatDay(c.reviewOn) : "—"),
        h("dt", {}, t("contracts.origin")),
        h("dd", { "data-testid": "contract-origin" }, originText(ctx, c.origin)),
      ),
      h("h3", {}, t("contracts.partiesCount", { count: c.signatories.length })),
      parties,
      unattributed.length
        ? h(
            "div",
            {},
            h("h3", {}, t("contracts.otherCommitments")),
            h(
              "ul",
              {},
              unattributed.map((k) =>
                h("li", {}, `${k.title} (${enumLabel(k.status, "commitment").toLowerCase()})`),
              ),
            ),
          )
        : null,
      h("h3", {}, t("contracts.targets")),
      h(
        "ul",
        { "data-testid": "contract-targets" },
        c.targets.length
          ? c.targets.map((t) =>
              h(
                "li",
                {},
                t.__typename === "Indicator"
                  ? h(
                      "a",
                      {
                        href: `/t/${ctx.territoryId}/indicators/${t.id}`,
                        onclick: (e: Event) => {
                          e.preventDefault();
                          ctx.navigate(
                            `/t/${encodeURIComponent(ctx.territoryId)}/indicators/${encodeURIComponent(t.id)}`,
                          );
                        },
                      },
                      t.label,
                    )
                  : t.label,
                h("span", { className: "muted small" }, ` ${kindLabel(t.__typename)}`),
              ),
            )
          : h("li", { className: "muted" }, t("common.none")),
      ),
      c.actions.length
        ? h(
            "div",
            {},
            h("h3", {}, t("contracts.actions")),
            h(
              "ul",
              {},
              c.actions.map((a) =>
                h(
                  "li",
                  {},
                  `${a.title} — ${enumLabel(a.status).toLowerCase()}, ${formatPercent(a.progress / 100)}`,
                ),
              ),
            ),
          )
        : null,
      h("h3", {}, t("contracts.evaluations")),
      evalTable,
      editable ? evaluationForm(c) : null,
      h("h3", {}, t("contracts.timeline")),
      timeline,
    ]);
  }

  function evaluationTable(c: ContractDetail): HTMLElement {
    const table = h(
      "table",
      { className: "data", "data-testid": "evaluations" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, t("common.party")),
          h("th", {}, t("enum.EX_ANTE")),
          h("th", {}, t("enum.EX_POST")),
          h("th", {}, t("notes.comments")),
        ),
      ),
    );
    const tbody = h("tbody");
    const byActor = new Map<string, ContractDetail["evaluations"]>();
    for (const e of c.evaluations) {
      const k = e.by?.name ?? "—";
      (byActor.get(k) ?? byActor.set(k, []).get(k))?.push(e);
    }
    for (const [name, evs] of byActor) {
      const last = (phase: string) =>
        evs
          .filter((e) => e.phase === phase)
          .sort((a, b) => a.on.localeCompare(b.on))
          .at(-1);
      const level = (e: ContractDetail["evaluations"][number] | undefined) =>
        e
          ? h("span", { className: `level level-${e.level}`, title: formatDay(e.on) }, String(e.level))
          : h("span", { className: "muted" }, "—");
      tbody.append(
        h(
          "tr",
          { "data-testid": "evaluation-row" },
          h("td", {}, name),
          h("td", {}, level(last("EX_ANTE"))),
          h("td", {}, level(last("EX_POST"))),
          h(
            "td",
            { className: "small" },
            evs
              .map((e) => e.comment)
              .filter(Boolean)
              .join(" · "),
          ),
        ),
      );
    }
    if (!byActor.size)
      tbody.append(h("tr", {}, h("td", { colspan: 4, className: "muted" }, t("contracts.noEvaluation"))));
    table.append(tbody);
    return table;
  }

  function evaluationForm(c: ContractDetail): HTMLElement {
    const party = h(
      "select",
      { id: "eval-party", "data-testid": "eval-party" },
      c.signatories.map((s) => h("option", { value: s.actor.id }, s.actor.name)),
    );
    const phase = h(
      "select",
      { id: "eval-phase", "data-testid": "eval-phase" },
      h("option", { value: "EX_ANTE" }, t("enum.EX_ANTE")),
      h("option", { value: "EX_POST" }, t("enum.EX_POST")),
    );
    const levels = h(
      "fieldset",
      { className: "facet" },
      h("legend", {}, t("common.level")),
      [1, 2, 3, 4, 5].map((l) =>
        h(
          "label",
          { className: "check", style: "display:inline-flex;margin-right:10px" },
          h("input", {
            type: "radio",
            name: "eval-level",
            value: String(l),
            "data-testid": `eval-level-${l}`,
            checked: l === 3,
          }),
          String(l),
        ),
      ),
    );
    const on = h("input", {
      id: "eval-on",
      type: "date",
      "data-testid": "eval-on",
      value: new Date().toISOString().slice(0, 10),
    });
    const comment = h("input", { id: "eval-comment", type: "text", "data-testid": "eval-comment" });
    const err = h("p", { className: "field-error", role: "alert" });
    const form = h(
      "form",
      { className: "card", "aria-label": t("contracts.recordEvaluation") },
      h("h4", {}, t("contracts.recordEvaluation")),
      h("label", { for: "eval-party" }, t("common.party")),
      party,
      h("label", { for: "eval-phase" }, t("common.phase")),
      phase,
      levels,
      h("label", { for: "eval-on" }, t("common.date")),
      on,
      h("label", { for: "eval-comment" }, t("common.comment")),
      comment,
      err,
      h(
        "div",
        { className: "actions" },
        h(
          "button",
          { type: "submit", className: "primary", "data-testid": "eval-submit" },
          t("common.record"),
        ),
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const level = Number(
        form.querySelector<HTMLInputElement>("input[name=eval-level]:checked")?.value ?? 3,
      );
      void (async () => {
        try {
          const r = await execute(ctx.api, EVALUATE, {
            input: {
              actorId: party.value,
              targetId: c.id,
              phase: phase.value as EvaluationPhase,
              level,
              on: on.value,
              comment: comment.value,
            },
          });
          const res = r.recordEvaluation;
          if (res.__typename !== "Evaluation") err.textContent = res.message ?? t("common.notRecorded");
          else await renderDetail();
        } catch (error) {
          ctx.fail(error);
        }
      })();
    });
    return form;
  }

  async function statusMoves(id: string, since: string): Promise<{ on: string; to: string }[]> {
    const out: { on: string; to: string }[] = [];
    try {
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const r = await fetchHistory(ctx.api, ctx.territoryId, {
          since: since.slice(0, 19),
          first: 200,
          after: cursor,
        });
        for (const ch of r.entries) {
          const before = ch.before?.["status"];
          const after = ch.after?.["status"];
          if (
            ch.target === id &&
            typeof after === "string" &&
            before !== after &&
            ch.op.toUpperCase() === "UPDATE"
          )
            out.push({ on: ch.at, to: after.toUpperCase() });
        }
        if (!r.hasNext) break;
        cursor = r.endCursor;
      }
    } catch (err) {
      ctx.fail(err);
    }
    return out;
  }

  /** Closing cannot be reversed (a closed contract has no move), so it is asked first; a move
   * the contract can make back is offered as Undo instead. */
  async function moveAsked(c: ContractDetail, to: string): Promise<void> {
    if (
      to === "CLOSED" &&
      !(await confirmFirst(t("contracts.closeQuestion", { title: c.title }), t("contracts.closeConfirm")))
    )
      return;
    const from = c.status;
    const moved = await move(c, to);
    if (moved === null || !allowedMoves(to).includes(from)) return;
    offerUndo({
      message: t("contracts.movedUndo", { title: c.title, status: enumLabel(to).toLowerCase() }),
      undo: async () => {
        const back = await move({ ...c, version: moved, status: to as typeof c.status }, from, true);
        return back === null ? "the contract changed meanwhile" : null;
      },
      fail: (err) => ctx.fail(err),
    });
  }

  /** The contract's new version, or null when the move was refused (the reason is shown). */
  async function move(c: ContractDetail, to: string, quiet = false): Promise<number | null> {
    let version: number | null = null;
    try {
      const r = await execute(ctx.api, MOVE, { id: c.id, v: c.version, s: to as ContractStatus });
      const res = outcome(r.moveContract, "Contract");
      if (!res.ok) {
        ctx.fail(
          new Error(
            res.kind === "conflict" ? t("contracts.conflict", { message: res.message }) : res.message,
          ),
        );
      } else {
        version = (res.node as unknown as { version: number }).version;
        if (!quiet && !allowedMoves(to).includes(c.status))
          ctx.notify(t("contracts.moved", { title: c.title, status: enumLabel(to).toLowerCase() }));
      }
      await Promise.all([renderList(), renderDetail()]);
    } catch (err) {
      ctx.fail(err);
    }
    return version;
  }

  await Promise.all([renderList(), renderDetail()]);
  return { el: h("div", { className: "split" }, listEl, detailEl) };
}
