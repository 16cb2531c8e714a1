// The words for the model's values (enums, node kinds, relationship types, SPIRAL dimensions)
// in the chosen language, from the catalogs' enum.*, kind.*, rel.* and dimension.* keys.
import { humanize, type NodeKind } from "../lib/types";
import { tMaybe } from "./index";

/**
 * An enum value ("CITIZEN_GROUP", "partner_author") in words; humanized when the catalog has
 * none. `of` names the enum when a value reads differently there (a commitment that is ACTIVE
 * is under way, a contract that is ACTIVE is in force): enum.<of>.<VALUE> is tried first.
 */
export function enumLabel(value: string, of?: string): string {
  const general = tMaybe(`enum.${value.toUpperCase()}`, humanize(value));
  return of ? tMaybe(`enum.${of}.${value.toUpperCase()}`, general) : general;
}

export function kindLabel(kind: NodeKind | string): string {
  return tMaybe(`kind.${kind}`, humanize(kind));
}

export function relLabel(type: string): string {
  return tMaybe(`rel.${type}`, humanize(type));
}

/** A SPIRAL dimension's name ("B" → "Cadre de vie"), "" for an unknown letter. */
export function dimensionName(letter: string): string {
  return tMaybe(`dimension.${letter}`, "");
}
