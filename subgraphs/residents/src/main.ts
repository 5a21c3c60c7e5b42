import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { createResidentsSubgraph, seedResidents, settingsFromEnv } from "./server";

await runSubgraphFromEnv(createResidentsSubgraph(settingsFromEnv()), { defaultPort: 4002, seed: seedResidents(scaleFromEnv()) });
