import { scaleFromEnv } from "@grassroots/demo-district";
import { directoryFromEnv } from "@grassroots/directory";
import { runSubgraphFromEnv } from "@grassroots/platform";
import { subgraphPort } from "@grassroots/services";
import { seedDelegates } from "./seed";
import { createDelegatesSubgraph } from "./subgraph";

// A visit names a block and a household that other subgraphs own: checked through their APIs.
await runSubgraphFromEnv(createDelegatesSubgraph({ directory: directoryFromEnv("delegates") }), {
  port: subgraphPort("delegates"),
  seed: seedDelegates(scaleFromEnv()),
});
