import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { delegatesSubgraph, seedDelegates } from "./server";

await runSubgraphFromEnv(delegatesSubgraph, { defaultPort: 4003, seed: seedDelegates(scaleFromEnv()) });
