// The heavy lane's thread (src/heavy-lane.ts): a second Apollo Gateway over the same supergraph,
// which plans and runs the operations the main thread hands it and answers their results. Its
// event loop is its own, so a street's households with their residents (a megabyte of answer to
// merge) never holds up a block member's one-block query on the main thread.
import { createHash } from "node:crypto";
import { workerData } from "node:worker_threads";
import { ApolloGateway } from "@apollo/gateway";
import { serveThread, yieldCpuToOtherThreads } from "@grassroots/platform";
import { type DocumentNode, getOperationAST, parse } from "graphql";
import type { GatewayContext } from "./context";
import type { LaneRequest, LaneResult, LaneSettings } from "./heavy-lane";
import { SubgraphDataSource } from "./subgraph-source";

const settings = workerData as LaneSettings;

const gateway = new ApolloGateway({
  supergraphSdl: settings.supergraphSdl,
  buildService: ({ name, url }) =>
    new SubgraphDataSource({
      name,
      url: settings.subgraphUrls[name] ?? url!,
      gatewaySecret: settings.gatewaySecret,
      timeoutMs: settings.timeoutMs,
      // The subgraphs run these on their own heavy lane too (packages/platform/src/lane.ts).
      lane: "heavy",
      onUnavailable: ({ subgraph, cause }) => console.warn(`heavy lane: subgraph ${subgraph} unavailable: ${String(cause)}`),
      observeFetch: (timing, context) => context.fetchTimings?.push(timing),
    }),
  logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
});
const { executor } = await gateway.load();
if (!executor) throw new Error("The heavy lane's gateway loaded no executor.");

// Documents by text: a dashboard sent again is not parsed again (the main thread validated it).
const documents = new Map<string, { document: DocumentNode; hash: string }>();
const DOCUMENTS_KEPT = 500;
function documentOf(query: string) {
  let known = documents.get(query);
  if (!known) {
    if (documents.size >= DOCUMENTS_KEPT) documents.clear();
    known = { document: parse(query), hash: createHash("sha256").update(query).digest("hex") };
    documents.set(query, known);
  }
  return known;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function run({ query, variables, operationName, context }: LaneRequest): Promise<LaneResult> {
  const { document, hash } = documentOf(query);
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) throw new Error("The heavy lane was handed a document without that operation.");
  const gatewayContext: GatewayContext = { ...context, holdTurn: () => {}, fetchTimings: [] };
  // What Apollo Gateway's executor reads of Apollo Server's request context.
  const result = await executor!({
    request: { query, variables, operationName: operationName ?? undefined },
    document,
    source: query,
    queryHash: hash,
    operationName,
    operation,
    context: gatewayContext,
    metrics: {},
    logger: silent,
  } as never);
  return {
    // Serialized here, on the lane: its own buffer (never Node's shared pool), so that it can be moved.
    dataJson: result.data === undefined ? undefined : new TextEncoder().encode(JSON.stringify(result.data)),
    errors: result.errors?.map((error) => ({
      message: error.message,
      path: error.path,
      extensions: error.extensions,
    })),
    fetches: gatewayContext.fetchTimings,
  };
}

yieldCpuToOtherThreads();
serveThread(run, (result) => (result.dataJson ? [result.dataJson.buffer] : []));
