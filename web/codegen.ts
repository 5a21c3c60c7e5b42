// The web app's GraphQL operations, typed against the schema clients see (schema/api.graphql,
// printed by `npm run compose` from the committed supergraph). `npm run generate` writes
// src/generated/ (not committed); an operation the schema does not have fails here and in typecheck.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema/api.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/generated/**"],
  ignoreNoDocuments: true,
  silent: true,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations travel as strings: no parsed documents in the bundle.
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", Date: "string", ID: "string" },
      },
    },
  },
};

export default config;
