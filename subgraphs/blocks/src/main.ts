import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { blocksSubgraph, seedBlocks } from "./server";

await runSubgraphFromEnv(blocksSubgraph, { defaultPort: 4001, seed: seedBlocks(scaleFromEnv()) });
