// The web UI's language: ICU messages (FormatJS) from one catalog file per language, chosen from
// the browser (navigator.languages) or the user's switch (saved in localStorage), and the
// locale's own formats for dates, times (with their time zone), numbers, percentages and amounts.
// Adding a language: a catalog file beside en.json and one line in CATALOGS.
import { createIntl, createIntlCache, type IntlShape } from "@formatjs/intl";
import en from "./en.json";
import fr from "./fr.json";

export const CATALOGS = {
  en,
  fr,
} as const satisfies Record<string, Record<string, string>>;

export type Locale = keyof typeof CATALOGS;
export type MessageId = keyof typeof en;
export type Values = Record<string, string | number>;

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", fr: "Français" };
export const DEFAULT_LOCALE: Locale = "en";
export const STORAGE_KEY = "pactmap.lang";

const cache = createIntlCache();
let current: Locale = DEFAULT_LOCALE;
let intl: IntlShape<string> = make(current);
const listeners = new Set<(l: Locale) => void>();

function make(locale: Locale): IntlShape<string> {
  return createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages: CATALOGS[locale] }, cache);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && Object.hasOwn(CATALOGS, value);
}

/** The first of the saved choice and the browser's languages that has a catalog ("fr-BE" → fr). */
export function pickLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function locale(): Locale {
  return current;
}

/** Switch language: messages and formats follow, `<html lang>` is set, listeners redraw. */
export function setLocale(next: Locale, opts: { save?: boolean } = {}): void {
  current = next;
  intl = make(next);
  if (typeof document !== "undefined") document.documentElement.lang = next;
  if (opts.save) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // A browser that refuses storage keeps the choice for this page only.
    }
  }
  for (const fn of listeners) fn(next);
}

export function onLocaleChange(fn: (l: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The language at start-up: the saved choice, else the browser's. */
export function initLocale(): Locale {
  let saved: string | null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  const langs = typeof navigator !== "undefined" ? navigator.languages : [];
  setLocale(pickLocale(saved, langs ?? []));
  return current;
}

/** A message of the catalog, its ICU arguments (plurals, selects, numbers) filled in. */
export function t(id: MessageId, values?: Values): string {
  return intl.formatMessage({ id }, values);
}

/** A message whose id is built from data (an enum value); `fallback` when the catalog has none. */
export function tMaybe(id: string, fallback: string, values?: Values): string {
  return Object.hasOwn(CATALOGS[current], id) ? intl.formatMessage({ id }, values) : fallback;
}

// ------------------------------------------------------------------ formats

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date ("2025-06-30") or date-time as the locale writes a date: "30 juin 2025". */
export function formatDay(value: string | Date): string {
  const d = typeof value === "string" ? parse(value) : value;
  if (!d) return String(value);
  return intl.formatDate(d, { dateStyle: "medium", timeZone: "UTC" });
}

/** A moment with its date, time and the time zone it is shown in: "30 juin 2025, 14:05 UTC+2". */
export function formatDateTime(value: string | Date, timeZone?: string): string {
  const d = typeof value === "string" ? parse(value) : value;
  if (!d) return String(value);
  return intl.formatDate(d, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    ...(timeZone ? { timeZone } : {}),
  });
}

/** A date-only value as a day, anything longer as a moment with its time zone; "" when empty. */
export function formatWhen(value: unknown): string {
  if (typeof value !== "string" || !value) return "";
  if (DATE_ONLY.test(value)) return formatDay(value);
  return parse(value) ? formatDateTime(value) : value;
}

/**
 * Month and weekday names in the chosen language (long and short: "janvier", "janv.", "lundi",
 * "lun."), for a chart's time axis (uPlot's fmtDate names); weekdays from Sunday.
 */
export function dateNames(): { MMMM: string[]; MMM: string[]; WWWW: string[]; WWW: string[] } {
  const month = (m: number) => new Date(Date.UTC(2024, m, 15));
  const day = (d: number) => new Date(Date.UTC(2024, 8, 1 + d)); // 1 September 2024 was a Sunday
  const names = (opts: Intl.DateTimeFormatOptions, at: (i: number) => Date, n: number) =>
    Array.from({ length: n }, (_, i) => intl.formatDate(at(i), { ...opts, timeZone: "UTC" }));
  return {
    MMMM: names({ month: "long" }, month, 12),
    MMM: names({ month: "short" }, month, 12),
    WWWW: names({ weekday: "long" }, day, 7),
    WWW: names({ weekday: "short" }, day, 7),
  };
}

export function formatNumber(n: number, digits?: { min?: number; max?: number }): string {
  return intl.formatNumber(n, {
    minimumFractionDigits: digits?.min ?? 0,
    maximumFractionDigits: digits?.max ?? 2,
  });
}

/** A fraction (0.142) as the locale writes a percentage: "14 %" in French, "14%" in English. */
export function formatPercent(fraction: number, maxDigits = 0): string {
  return intl.formatNumber(fraction, { style: "percent", maximumFractionDigits: maxDigits });
}

/** An amount of money: "210 000 €" in French, "€210,000" in English. */
export function formatAmount(n: number, currency = "EUR"): string {
  return intl.formatNumber(n, { style: "currency", currency, maximumFractionDigits: 0 });
}

function parse(value: string): Date | null {
  const d = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}
