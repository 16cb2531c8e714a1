// A three-way merge of one node's fields after a VersionConflict: what the editor started from
// (base), what they typed (mine) and what the server now holds (theirs).

export type Fields = Record<string, unknown>;

export interface FieldConflict {
  field: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult {
  /** Fields to send with the retried update: my changes that do not clash with theirs. */
  changes: Fields;
  /** Fields both sides changed to different values; the user decides. */
  conflicts: FieldConflict[];
  /** Fields only the other person changed (shown so the user sees what happened). */
  theirChanges: FieldConflict[];
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined || a === "") && (b === null || b === undefined || b === "")) {
    return true;
  }
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

/** ``mine`` holds only the fields the user edited; ``base`` and ``theirs`` hold whole nodes. */
export function threeWayMerge(base: Fields, mine: Fields, theirs: Fields): MergeResult {
  const changes: Fields = {};
  const conflicts: FieldConflict[] = [];
  const theirChanges: FieldConflict[] = [];
  for (const [field, value] of Object.entries(mine)) {
    const b = base[field];
    const t = theirs[field];
    const iChanged = !sameValue(value, b);
    const theyChanged = !sameValue(t, b);
    if (!iChanged) continue;
    if (!theyChanged || sameValue(value, t)) {
      if (!sameValue(value, t)) changes[field] = value;
      continue;
    }
    conflicts.push({ field, base: b, mine: value, theirs: t });
  }
  for (const field of Object.keys(theirs)) {
    if (field in mine && conflicts.some((c) => c.field === field)) continue;
    if (!sameValue(theirs[field], base[field])) {
      theirChanges.push({ field, base: base[field], mine: mine[field], theirs: theirs[field] });
    }
  }
  return { changes, conflicts, theirChanges };
}

/** The update to send once the user picked, for each conflicting field, whose value to keep. */
export function resolve(merge: MergeResult, choices: Readonly<Record<string, "mine" | "theirs">>): Fields {
  const out: Fields = { ...merge.changes };
  for (const c of merge.conflicts) {
    if ((choices[c.field] ?? "theirs") === "mine") out[c.field] = c.mine;
  }
  return out;
}
