// Contract life cycle and timeline, pure (mirrors graph/model.py CONTRACT_TRANSITIONS).
import { t } from "../i18n";
import { enumLabel } from "../i18n/labels";

export const CONTRACT_STEPS = ["DRAFT", "NEGOTIATING", "SIGNED", "ACTIVE", "EVALUATED", "CLOSED"] as const;

export const CONTRACT_TRANSITIONS: Record<string, readonly string[]> = {
  DRAFT: ["NEGOTIATING", "CLOSED"],
  NEGOTIATING: ["DRAFT", "SIGNED", "CLOSED"],
  SIGNED: ["ACTIVE", "CLOSED"],
  ACTIVE: ["EVALUATED", "CLOSED"],
  EVALUATED: ["ACTIVE", "CLOSED"],
  CLOSED: [],
};

export function allowedMoves(status: string): readonly string[] {
  return CONTRACT_TRANSITIONS[status] ?? [];
}

/** The date ``months`` after an ISO date (day clamped to the month's end). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export interface TimelineEvent {
  on: string;
  label: string;
  kind: "contract" | "commitment" | "action" | "evaluation" | "status";
}

export interface ContractLike {
  createdAt: string;
  signedOn: string | null;
  durationMonths: number | null;
  reviewOn: string | null;
  commitments: { title: string; startsOn: string | null; endsOn: string | null }[];
  actions: { title: string; startsOn: string | null; endsOn: string | null }[];
  evaluations: { phase: string; level: number; on: string; by: { name: string } | null }[];
}

/** Every dated event of a contract, oldest first (ties keep the order they were listed in). */
export function contractTimeline(
  c: ContractLike,
  statusMoves: { on: string; to: string }[] = [],
): TimelineEvent[] {
  const events: TimelineEvent[] = [
    { on: c.createdAt.slice(0, 10), label: t("timeline.drafted"), kind: "contract" },
  ];
  for (const s of statusMoves)
    events.push({
      on: s.on.slice(0, 10),
      label: t("timeline.moved", { status: enumLabel(s.to).toLowerCase() }),
      kind: "status",
    });
  if (c.signedOn) {
    events.push({ on: c.signedOn, label: t("timeline.signed"), kind: "contract" });
    if (c.durationMonths)
      events.push({
        on: addMonths(c.signedOn, c.durationMonths),
        label: t("timeline.ends", { count: c.durationMonths }),
        kind: "contract",
      });
  }
  if (c.reviewOn) events.push({ on: c.reviewOn, label: t("timeline.review"), kind: "contract" });
  for (const k of c.commitments) {
    if (k.startsOn)
      events.push({
        on: k.startsOn,
        label: t("timeline.commitmentStarts", { title: k.title }),
        kind: "commitment",
      });
    if (k.endsOn)
      events.push({
        on: k.endsOn,
        label: t("timeline.commitmentEnds", { title: k.title }),
        kind: "commitment",
      });
  }
  for (const a of c.actions) {
    if (a.startsOn)
      events.push({ on: a.startsOn, label: t("timeline.actionStarts", { title: a.title }), kind: "action" });
    if (a.endsOn)
      events.push({ on: a.endsOn, label: t("timeline.actionEnds", { title: a.title }), kind: "action" });
  }
  for (const e of c.evaluations) {
    events.push({
      on: e.on,
      label: t("timeline.evaluation", {
        phase: e.phase,
        party: e.by?.name ?? t("timeline.aParty"),
        level: e.level,
      }),
      kind: "evaluation",
    });
  }
  return events
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].on.localeCompare(b[0].on) || a[1] - b[1])
    .map(([e]) => e);
}
