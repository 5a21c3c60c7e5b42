// The gateway's configuration: the variables every process reads (docs/configuration.md) and the
// request limits it enforces (src/limits.ts gives their defaults and what they mean).
import { processConfig, wholeNumber } from "@grassroots/platform";
import { DEFAULT_CALLER_LIMITS, REQUEST_LIMITS } from "./limits";

export const configSchema = processConfig(
  {
    GATEWAY_MAX_COST: wholeNumber(1, 100_000_000).default(REQUEST_LIMITS.cost),
    SUBGRAPH_TIMEOUT_MS: wholeNumber(100, 600_000).default(REQUEST_LIMITS.subgraphTimeoutMs),
    GATEWAY_HEAVY_COST: wholeNumber(0, 100_000_000).default(REQUEST_LIMITS.heavyCost),
    GATEWAY_HEAVY_CONCURRENCY: wholeNumber(1, 1000).default(REQUEST_LIMITS.heavyConcurrency),
    GATEWAY_CALLER_CONCURRENCY: wholeNumber(1, 10_000).default(DEFAULT_CALLER_LIMITS.maxConcurrent),
    GATEWAY_CALLER_COST_IN_FLIGHT: wholeNumber(1, 100_000_000).default(DEFAULT_CALLER_LIMITS.maxCostInFlight),
    GATEWAY_CALLER_QUEUE: wholeNumber(0, 100_000).default(DEFAULT_CALLER_LIMITS.maxQueued),
    GATEWAY_CALLER_QUEUE_WAIT_MS: wholeNumber(1, 600_000).default(DEFAULT_CALLER_LIMITS.maxWaitMs),
  },
  // Room staff's place claims are checked against the delegates subgraph.
  { usesDirectory: true },
);
