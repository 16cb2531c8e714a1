// Typed GraphQL documents from the server's schema (api/schema.graphql, written by `make schema`).
// Every query lives in a graphql(`...`) call; `npm run generate` checks each against the schema and
// writes src/generated/gql/ (a build product, git-ignored), whose types tsc then checks the views
// against: a schema change that breaks the UI fails `npm run build` and `make check`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  // PACTMAP_SCHEMA: another schema file, to see what a schema change would break.
  schema: process.env["PACTMAP_SCHEMA"] ?? "../api/schema.graphql",
  documents: ["src/**/*.ts", "!src/generated/**", "!src/**/*.test.ts"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/gql/": {
      preset: "client",
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        // Dates travel as ISO 8601 strings; JSON's shape is the reader's to state.
        scalars: { Date: "string", DateTime: "string", JSON: "unknown" },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
