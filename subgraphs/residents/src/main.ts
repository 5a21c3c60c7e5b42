import { SCALE_NAMES, SCALES } from "@grassroots/demo-district";
import { readConfig, runSubgraph } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { configSchema } from "./config";
import { seedResidents } from "./seed";
import { createResidentsSubgraph, settingsFrom } from "./subgraph";

const config = readConfig("residents subgraph", configSchema(SCALE_NAMES));
await runSubgraph(createResidentsSubgraph({ settings: settingsFrom(config) }), config, {
  port: subgraphPort("residents"),
  seed: seedResidents(SCALES[config.SEED_SCALE as keyof typeof SCALES]),
});
