import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { createResidentsSubgraph, seedResidents, settingsFromEnv } from "./server";

await runSubgraphFromEnv(createResidentsSubgraph(settingsFromEnv()), {
  port: subgraphPort("residents"),
  seed: seedResidents(scaleFromEnv()),
});
