// The peer: Hive Gateway (@graphql-hive/gateway, defaults) on the same four subgraph processes as
// our gateway, serving the committed supergraph as it is. Only the subgraph URLs are rewritten, in
// a temporary copy, to the ports of the stack under test. It forwards the client's authorization
// and adds the gateway secret, as our gateway does; the subgraphs verify both.
// startPeer() runs this file as its own Node process (like our gateway), which then serves below.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";
import { DEFAULT_GATEWAY_PORT, LOCAL_HOST, SUBGRAPHS, type SubgraphName, subgraphUrl } from "@grassroots/services";
import type { Stack } from "../scripts/stack";

const SUPERGRAPH = join(import.meta.dirname, "..", "schema", "supergraph.graphql");
/** Where the peer answers "ready" once its supergraph is loaded. */
const READINESS_PATH = "/readiness";

/**
 * A copy of the committed supergraph whose subgraph URLs point at the stack in `env` (the file
 * names the default ports from packages/services); everything else is byte for byte the same.
 */
export function supergraphFor(env: NodeJS.ProcessEnv): string {
  let sdl = readFileSync(SUPERGRAPH, "utf8");
  for (const name of SUBGRAPHS) {
    const committed = subgraphUrl(name as SubgraphName, { GATEWAY_PORT: String(DEFAULT_GATEWAY_PORT) });
    if (!sdl.includes(`url: "${committed}"`)) throw new Error(`schema/supergraph.graphql has no ${committed} for ${name}.`);
    sdl = sdl.replace(`url: "${committed}"`, `url: "${subgraphUrl(name as SubgraphName, env)}"`);
  }
  const path = join(mkdtempSync(join(tmpdir(), "grassroots-bench-supergraph-")), "supergraph.graphql");
  writeFileSync(path, sdl);
  return path;
}

/** Starts Hive Gateway as a process of `stack` on 127.0.0.1:port and waits until it is ready. */
export async function startPeer(stack: Stack, options: { port: number; supergraphPath: string; gatewaySecret: string }) {
  stack.run("hive", join(import.meta.dirname, "peer.ts"), {
    env: { HIVE_PORT: String(options.port), HIVE_SUPERGRAPH: options.supergraphPath, GATEWAY_SECRET: options.gatewaySecret },
  });
  return stack.waitForHealth("hive", options.port, READINESS_PATH);
}

/** The peer process itself. */
async function serve() {
  const secret = process.env.GATEWAY_SECRET;
  if (!secret) throw new Error("GATEWAY_SECRET is required.");
  const gateway = createGatewayRuntime({
    supergraph: process.env.HIVE_SUPERGRAPH ?? SUPERGRAPH,
    readinessCheckEndpoint: READINESS_PATH,
    logging: (process.env.LOG_LEVEL as "warn" | undefined) ?? "info",
    // The subgraphs answer only requests that carry the gateway secret: a static header on every
    // subgraph request.
    transportEntries: { "*": { headers: [[GATEWAY_SECRET_HEADER, secret]] } },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get("authorization") }),
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(Number(process.env.HIVE_PORT), LOCAL_HOST, resolve));
  const close = () => {
    server.close();
    void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
}

if (process.argv[1] === import.meta.filename) await serve();
