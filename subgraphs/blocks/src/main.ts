import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { seedBlocks } from "./seed";
import { createBlocksSubgraph } from "./subgraph";

await runSubgraphFromEnv(createBlocksSubgraph(), { port: subgraphPort("blocks"), seed: seedBlocks(scaleFromEnv()) });
