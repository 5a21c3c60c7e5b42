import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { coveragePolicyFromEnv } from "./coverage-policy";
import { delegatesSubgraph, seedDelegates } from "./server";

// A mistyped coverage threshold stops the start, rather than failing every request.
coveragePolicyFromEnv(new Date());
await runSubgraphFromEnv(delegatesSubgraph, { defaultPort: 4003, seed: seedDelegates(scaleFromEnv()) });
