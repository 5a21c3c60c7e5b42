import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { escalationsSubgraph, seedEscalations } from "./server";

await runSubgraphFromEnv(escalationsSubgraph, { defaultPort: 4004, seed: seedEscalations(scaleFromEnv()) });
