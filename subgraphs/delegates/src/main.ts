import { SCALE_NAMES, SCALES } from "@grassroots/demo-district";
import { directoryFromEnv } from "@grassroots/directory";
import { readConfig, runSubgraph } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { configSchema } from "./config";
import { seedDelegates } from "./seed";
import { createDelegatesSubgraph } from "./subgraph";

const config = readConfig("delegates subgraph", configSchema(SCALE_NAMES));
// A visit names a block and a household that other subgraphs own: checked through their APIs.
const subgraph = createDelegatesSubgraph({
  directory: directoryFromEnv("delegates"),
  fullTargetMaxHouseholds: config.VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS,
});
await runSubgraph(subgraph, config, {
  port: subgraphPort("delegates"),
  seed: seedDelegates(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
