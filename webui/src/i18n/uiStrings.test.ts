// No view writes its text in English in the code: every string a person reads goes through the
// catalogs (i18n/en.json, fr.json). The scanner is i18n/uiStrings.ts; this checks it finds what
// it should, then runs it over the files that build the screens.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findUiStrings, looksLikeWords } from "./uiStrings";

const SRC = join(__dirname, "..");
const UI_FILES = [
  "app.ts",
  "main.ts",
  ...readdirSync(join(SRC, "views"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `views/${f}`),
  ...readdirSync(join(SRC, "lib"))
    // types.ts lists GraphQL type and enum names (identifiers): their words are in labels.ts.
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "types.ts")
    .map((f) => `lib/${f}`),
];

describe("the hard-coded text scanner", () => {
  it("tells words from ids, classes, paths and symbols", () => {
    for (const words of ["Save", "Sign out", "no data yet", "Map of ${name}: shown"])
      expect(looksLikeWords(words), words).toBe(true);
    for (const code of ["map", "level-${x}", "/t/${id}/map", "×", "—", "- - -", "EX_ANTE", "#999"])
      expect(looksLikeWords(code), code).toBe(false);
  });

  it("finds English in the places the UI shows text", () => {
    const source = [
      'const b = h("button", { type: "button" }, "Save");',
      'const i = h("input", { "aria-label": "Zoom in", placeholder: "Search by name…" });',
      "el.textContent = `${n} nodes shown`;",
      'ctx.notify("Saved.");',
      "const p = h(",
      '  "p",',
      "  {},",
      '  "Nothing recorded yet.",',
      ");",
    ].join("\n");
    expect(findUiStrings(source).map((f) => [f.rule, f.text])).toEqual([
      ["child", "Save"],
      ["attribute", "Zoom in"],
      ["attribute", "Search by name…"],
      ["textContent", "${n} nodes shown"],
      ["call", "Saved."],
      ["child", "Nothing recorded yet."],
    ]);
  });

  it("skips a developer's message marked i18n-ignore", () => {
    const source = [
      "// i18n-ignore: a build error, read by developers",
      'throw new Error("Bad build file");',
    ];
    expect(findUiStrings(source.join("\n"))).toEqual([]);
  });

  it("leaves catalog calls, GraphQL documents and comments alone", () => {
    const source = [
      '// A comment in English is fine: "Save this".',
      'const b = h("button", { type: "button" }, t("common.save"));',
      "const Q = graphql(`",
      "  query Me { me { user { name } } }",
      "`);",
      "const r = api.request(`query Trends($t: ID!) { analysis(territoryId: $t) { trends { trend } } }`, {});",
    ].join("\n");
    expect(findUiStrings(source)).toEqual([]);
  });
});

describe("the web UI's screens", () => {
  it.each(UI_FILES)("%s has no hard-coded English text", (file) => {
    const found = findUiStrings(readFileSync(join(SRC, file), "utf8")).map(
      (f) => `${file}:${f.line} (${f.rule}) ${JSON.stringify(f.text)}`,
    );
    expect(found).toEqual([]);
  });
});
