import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { seedResidents } from "./seed";
import { createResidentsSubgraph, settingsFromEnv } from "./subgraph";

await runSubgraphFromEnv(createResidentsSubgraph({ settings: settingsFromEnv() }), {
  port: subgraphPort("residents"),
  seed: seedResidents(scaleFromEnv()),
});
