// The residents subgraph's configuration: the variables every subgraph reads (docs/configuration.md)
// and its own deployment settings (src/settings.ts).
import { subgraphConfig } from "@grassroots/platform";
import { RESIDENTS_VARIABLES } from "./settings";

/** `seedScales`: the demo district's sizes (main.ts passes them; production code never imports the demo data). */
export const configSchema = (seedScales: readonly [string, ...string[]]) =>
  subgraphConfig("residents", {
    seedScales,
    extra: RESIDENTS_VARIABLES,
    // Never generated in production (main.ts).
    rules: { productionSecrets: { WEBHOOK_SECRETS_KEY: "it seals the webhooks' secrets" } },
  });
