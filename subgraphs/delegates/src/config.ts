// The delegates subgraph's configuration: the variables every subgraph reads (docs/configuration.md)
// and the size of place that must visit every household.
import { subgraphConfig, wholeNumber } from "@grassroots/platform";
import { DEFAULT_FULL_TARGET_MAX_HOUSEHOLDS } from "./visit-coverage/targets";

/** `seedScales`: the demo district's sizes (main.ts passes them; production code never imports the demo data). */
export const configSchema = (seedScales: readonly [string, ...string[]]) =>
  subgraphConfig("delegates", {
    seedScales,
    extra: {
      VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS: wholeNumber(0, 10_000_000).default(DEFAULT_FULL_TARGET_MAX_HOUSEHOLDS),
    },
    // Logging visits asks the blocks and residents subgraphs.
    rules: { usesDirectory: true },
  });
