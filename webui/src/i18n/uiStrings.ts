// Finds text a person would read that is written in the code instead of the catalogs: the
// literals in the places the web UI shows (children of h(...) on their own line or after the
// attributes, aria-label / placeholder / title / alt, textContent, notify(), confirm(),
// new Error() shown by ctx.fail). Used by i18n/uiStrings.test.ts over src/.

export interface Finding {
  line: number;
  text: string;
  rule: string;
}

/** Text with letters that reads as words ("Save", "no data yet"), not an id, class or path. */
export function looksLikeWords(literal: string): boolean {
  const text = literal.replace(/\$\{[^}]*\}/g, " ").trim();
  if (!/[A-Za-z]{2,}/.test(text)) return false;
  if (/^[A-Z][a-z]+(?:[ ,.:;!?…'’-]|$)/.test(text)) return true;
  return /[A-Za-z]{2,}[,.:;!?…]?\s+[A-Za-z]{2,}/.test(text);
}

const LITERAL = String.raw`("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\x60(?:[^\x60\\]|\\.)*\x60)`;
const RULES: [string, RegExp][] = [
  ["attribute", new RegExp(String.raw`["']?(?:aria-label|placeholder|title|alt)["']?\s*:\s*` + LITERAL, "g")],
  ["textContent", new RegExp(String.raw`\.textContent\s*\+?=\s*` + LITERAL, "g")],
  ["call", new RegExp(String.raw`\b(?:notify|confirm|alert|new Error)\(\s*` + LITERAL, "g")],
  ["child", new RegExp(String.raw`\bh\(\s*"[a-z0-9]+"\s*,\s*(?:\{[^{}\n]*\}|\w+)\s*,\s*` + LITERAL, "g")],
  ["line", new RegExp(String.raw`^[ \t]*` + LITERAL + String.raw`,?[ \t]*$`, "gm")],
];

/** Blanks comments and GraphQL documents (graphql(`...`) and query strings) keeping line numbers. */
function blankIgnored(source: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, " ");
  return source
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/(^|[^:"'`\\])\/\/[^\n]*/g, (m, pre: string) => pre + blank(m.slice(pre.length)))
    .replace(/graphql\(\s*\x60[\s\S]*?\x60\s*\)/g, blank)
    .replace(/\x60\s*(?:query|mutation|fragment|subscription)\b[\s\S]*?\x60/g, blank)
    .replace(/^import .*$/gm, blank);
}

/**
 * The literals that read as words where the UI shows text, in line order. A literal up to three
 * lines below a comment holding "i18n-ignore" (a developer's message, not a person's) is skipped.
 */
export function findUiStrings(source: string): Finding[] {
  const text = blankIgnored(source);
  const lines = source.split("\n");
  const ignored = (n: number) => lines.slice(Math.max(0, n - 4), n).some((l) => l.includes("i18n-ignore"));
  const found = new Map<string, Finding>();
  for (const [rule, re] of RULES) {
    for (const m of text.matchAll(re)) {
      const literal = (m[1] ?? "").slice(1, -1);
      if (!looksLikeWords(literal)) continue;
      const at = (m.index ?? 0) + m[0].indexOf(m[1] ?? "");
      const line = text.slice(0, at).split("\n").length;
      const key = `${line}:${at}`;
      if (!ignored(line) && !found.has(key)) found.set(key, { line, text: literal, rule });
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}
