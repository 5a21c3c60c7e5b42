// The blocks subgraph's configuration: the variables every subgraph reads (docs/configuration.md).
import { subgraphConfig } from "@grassroots/platform";

/** `seedScales`: the demo district's sizes (main.ts passes them; production code never imports the demo data). */
export const configSchema = (seedScales: readonly [string, ...string[]]) => subgraphConfig("blocks", { seedScales });
