import { scaleFromEnv } from "@grassroots/demo-district";
import { createRemoteDirectory } from "@grassroots/directory";
import { authSettingsFromEnv, runSubgraphFromEnv, serviceTokenSource } from "@grassroots/platform";
import { createDelegatesSubgraph, seedDelegates } from "./server";

const { tokens, gatewaySecret } = authSettingsFromEnv();
// A visit names a block and a household that other subgraphs own: checked through their APIs.
const directory = createRemoteDirectory({
  blocksUrl: process.env.BLOCKS_SUBGRAPH_URL ?? "http://127.0.0.1:4001/graphql",
  residentsUrl: process.env.RESIDENTS_SUBGRAPH_URL ?? "http://127.0.0.1:4002/graphql",
  gatewaySecret,
  serviceToken: serviceTokenSource({ sub: "service:delegates", role: "admin" }, tokens),
});

await runSubgraphFromEnv(createDelegatesSubgraph({ directory }), { defaultPort: 4003, seed: seedDelegates(scaleFromEnv()) });
