// The words for the model's values (enums, node kinds, relationship types, SPIRAL dimensions)
// in the chosen language, from the catalogs' enum.*, kind.*, rel.* and dimension.* keys.
import { humanize, type NodeKind } from "../lib/types";
import { tMaybe } from "./index";

/** An enum value ("CITIZEN_GROUP", "partner_author") in words; humanized when the catalog has none. */
export function enumLabel(value: string): string {
  return tMaybe(`enum.${value.toUpperCase()}`, humanize(value));
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
