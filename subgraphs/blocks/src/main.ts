import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { blocksSubgraph, seedBlocks } from "./server";

await runSubgraphFromEnv(blocksSubgraph, { port: subgraphPort("blocks"), seed: seedBlocks(scaleFromEnv()) });
