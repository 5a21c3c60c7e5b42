// Prints each subgraph's SDL (sorted) and composes the supergraph the gateway serves.
//   npm run compose            writes subgraphs/<name>/schema.graphql and schema/supergraph.graphql
//   npm run compose -- --check fails when a committed file differs from what the code prints
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { printSchema } from "@apollo/federation-internals";
import { blocksSchema } from "@grassroots/blocks";
import { delegatesSchema } from "@grassroots/delegates";
import { escalationsSchema } from "@grassroots/escalations";
import { printSubgraphSdl } from "@grassroots/platform";
import { residentsSchema } from "@grassroots/residents";
import { SUBGRAPHS, type SubgraphName, subgraphUrl } from "@grassroots/services";
import { type GraphQLSchema, parse } from "graphql";

const root = new URL("../../", import.meta.url);

const SCHEMAS: Record<SubgraphName, GraphQLSchema> = {
  blocks: blocksSchema,
  residents: residentsSchema,
  delegates: delegatesSchema,
  escalations: escalationsSchema,
};

export const SUPERGRAPH_PATH = fileURLToPath(new URL("schema/supergraph.graphql", root));
/** The schema clients see (no federation directives, no @inaccessible fields): the web app's operations are typed against it. */
export const API_SCHEMA_PATH = fileURLToPath(new URL("schema/api.graphql", root));
export const subgraphSdlPath = (name: string) => fileURLToPath(new URL(`subgraphs/${name}/schema.graphql`, root));

export function composeSupergraph() {
  // The committed supergraph carries the default addresses; deployments override them at run time.
  const subgraphs = SUBGRAPHS.map((name) => ({ name, url: subgraphUrl(name, {}), sdl: printSubgraphSdl(SCHEMAS[name]) }));
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  }
  // Printed by federation's own printer: a graphql-js schema built from it would belong to
  // federation's copy of graphql, which another copy's printer refuses ("from another realm").
  const apiSdl = `${printSchema(result.schema.toAPISchema()).trim()}\n`;
  return { subgraphs, supergraphSdl: `${result.supergraphSdl.trim()}\n`, apiSdl };
}

/** Files whose committed text differs from what the code prints now. */
export function driftedFiles(): string[] {
  const { subgraphs, supergraphSdl, apiSdl } = composeSupergraph();
  const expected = [
    ...subgraphs.map(({ name, sdl }) => [subgraphSdlPath(name), sdl] as const),
    [SUPERGRAPH_PATH, supergraphSdl] as const,
    [API_SCHEMA_PATH, apiSdl] as const,
  ];
  return expected.filter(([path, text]) => readOrEmpty(path) !== text).map(([path]) => path);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--check")) {
    const drifted = driftedFiles();
    if (drifted.length) {
      console.error(`Out of date (run npm run compose):\n${drifted.join("\n")}`);
      process.exit(1);
    }
    console.log("Subgraph SDL and supergraph are up to date.");
  } else {
    const { subgraphs, supergraphSdl, apiSdl } = composeSupergraph();
    for (const { name, sdl } of subgraphs) writeFileSync(subgraphSdlPath(name), sdl);
    writeFileSync(SUPERGRAPH_PATH, supergraphSdl);
    writeFileSync(API_SCHEMA_PATH, apiSdl);
    console.log(`Wrote ${subgraphs.length} subgraph schemas, ${SUPERGRAPH_PATH} and ${API_SCHEMA_PATH}`);
  }
}
