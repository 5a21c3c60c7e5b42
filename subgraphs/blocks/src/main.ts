import { SCALE_NAMES, SCALES } from "@grassroots/demo-district";
import { readConfig, runSubgraph } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { configSchema } from "./config";
import { seedBlocks } from "./seed";
import { createBlocksSubgraph } from "./subgraph";

const config = readConfig("blocks subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createBlocksSubgraph(), config, {
  port: subgraphPort("blocks"),
  seed: seedBlocks(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
