// Every language's catalog has every message of the English one, with the same ICU arguments:
// a missing key or a placeholder spelt differently fails here, not in front of a citizen.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { afterEach, describe, expect, it } from "vitest";
import {
  CATALOGS,
  formatAmount,
  formatDateTime,
  formatDay,
  dateNames,
  formatNumber,
  formatPercent,
  pickLocale,
  setLocale,
  t,
  type Locale,
} from "./index";

/** The argument names a message uses, plural and select branches included. */
function argumentNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentNames(option.value, into);
    if (el.type === TYPE.tag) argumentNames(el.children, into);
  }
  return into;
}

/** What is wrong with `other` measured against `reference`: missing or extra keys, parse errors, other arguments. */
function catalogProblems(reference: Record<string, string>, other: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(reference)) {
    const theirs = other[key];
    if (theirs === undefined) {
      problems.push(`missing ${key}`);
      continue;
    }
    let want: Set<string>;
    let got: Set<string>;
    try {
      want = argumentNames(parse(reference[key] as string));
      got = argumentNames(parse(theirs));
    } catch (err) {
      problems.push(`${key} does not parse: ${String(err)}`);
      continue;
    }
    const a = [...want].sort().join(",");
    const b = [...got].sort().join(",");
    if (a !== b) problems.push(`${key} has arguments {${b}}, the reference {${a}}`);
  }
  for (const key of Object.keys(other)) if (!(key in reference)) problems.push(`extra ${key}`);
  return problems;
}

describe("the catalog check", () => {
  it("reports a missing key, an extra key and a placeholder spelt differently", () => {
    const en = { a: "Hello {name}", b: "{count, plural, one {# node} other {# nodes}}", c: "Bye" };
    const fr = { a: "Bonjour {nom}", b: "{count, plural, one {# nœud} other {# nœuds}}", d: "Salut" };
    expect(catalogProblems(en, fr)).toEqual([
      "a has arguments {nom}, the reference {name}",
      "missing c",
      "extra d",
    ]);
  });

  it("reports a message that is not valid ICU", () => {
    expect(catalogProblems({ a: "{n, plural, one {x}}" }, { a: "{n, plural, one {x" })[0]).toMatch(
      /^a does not parse/,
    );
  });
});

describe("the catalogs", () => {
  const en = CATALOGS.en as Record<string, string>;
  it.each(Object.keys(CATALOGS).filter((l) => l !== "en"))(
    "%s has every English message, same arguments",
    (l) => {
      expect(catalogProblems(en, CATALOGS[l as Locale] as Record<string, string>)).toEqual([]);
    },
  );

  it("every English message is valid ICU and every plural has an 'other' case", () => {
    for (const locale of Object.keys(CATALOGS) as Locale[]) {
      for (const [key, message] of Object.entries(CATALOGS[locale] as Record<string, string>)) {
        const walk = (els: MessageFormatElement[]): void => {
          for (const el of els)
            if (el.type === TYPE.plural || el.type === TYPE.select) {
              expect(Object.keys(el.options), `${locale} ${key}`).toContain("other");
              for (const o of Object.values(el.options)) walk(o.value);
            }
        };
        walk(parse(message));
      }
    }
  });
});

describe("French and English formats", () => {
  afterEach(() => setLocale("en"));

  it("picks the saved choice, else the browser's first known language", () => {
    expect(pickLocale(null, ["fr-BE", "en"])).toBe("fr");
    expect(pickLocale("en", ["fr-FR"])).toBe("en");
    expect(pickLocale(null, ["de-DE", "it"])).toBe("en");
    expect(pickLocale("xx", ["nl", "fr-CA"])).toBe("fr");
  });

  it("writes percentages, numbers and amounts as each language does", () => {
    // CLDR: French puts a no-break space before % and € and between thousands (U+00A0 or the
    // narrow U+202F, by CLDR version): read as a plain space here.
    const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
    setLocale("fr");
    expect(spaced(formatPercent(0.142))).toBe("14 %");
    expect(spaced(formatNumber(210000))).toBe("210 000");
    expect(formatNumber(14.25)).toBe("14,25");
    expect(spaced(formatAmount(210000))).toBe("210 000 €");
    setLocale("en");
    expect(formatPercent(0.142)).toBe("14%");
    expect(formatNumber(210000)).toBe("210,000");
    expect(formatAmount(210000)).toBe("€210,000");
  });

  it("writes dates in words and times with their time zone", () => {
    setLocale("fr");
    expect(formatDay("2025-06-30")).toBe("30 juin 2025");
    expect(dateNames().MMM.slice(0, 3)).toEqual(["janv.", "févr.", "mars"]);
    expect(dateNames().WWWW[0]).toBe("dimanche");
    expect(formatDateTime("2025-06-30T12:05:00Z", "UTC")).toBe("30 juin 2025, 12:05 UTC");
    setLocale("en");
    expect(formatDay("2025-06-30")).toBe("Jun 30, 2025");
    expect(formatDateTime("2025-06-30T12:05:00Z", "Europe/Paris")).toMatch(/^Jun 30, 2025, 02:05 PM GMT\+2$/);
  });

  it("chooses plural forms by language", () => {
    setLocale("fr");
    expect(t("map.shown", { count: 1, total: 1200 }).replace("\u00a0", "\u202f")).toBe(
      "1 nœud affiché sur 1\u202f200",
    );
    expect(t("map.shown", { count: 0, total: 3 })).toBe("0 nœud affiché sur 3");
    setLocale("en");
    expect(t("map.shown", { count: 1200, total: 1200 })).toBe("1,200 of 1,200 nodes shown");
    expect(t("map.steps", { count: 1 })).toBe("1 step");
  });
});
