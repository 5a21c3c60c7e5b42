import { scaleFromEnv } from "@grassroots/demo-district";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { residentsSubgraph, seedResidents } from "./server";

await runSubgraphFromEnv(residentsSubgraph, { defaultPort: 4002, seed: seedResidents(scaleFromEnv()) });
