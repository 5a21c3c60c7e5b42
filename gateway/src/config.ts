// The gateway's configuration: the variables every process reads (docs/configuration.md) and the
// request limits it enforces (src/limits.ts gives their defaults and what they mean).
import { httpUrl, oneOf, processConfig, wholeNumber } from "@grassroots/platform";
import { z } from "zod";
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
    // The web apps: where their built files are, and the OpenID Connect provider they sign in with.
    WEB_DIR: z.string().min(1).optional(),
    OIDC_AUTHORITY: httpUrl().optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
    OIDC_SCOPE: z.string().min(1).max(500).default("openid profile"),
    // The demo accounts' sign-in (src/web-app.ts, developmentSignInAllowed): auto = loopback only.
    DEV_SIGN_IN: oneOf(["auto", "on", "off"]).default("auto"),
  },
  // Room staff's place claims are checked against the delegates subgraph.
  { usesDirectory: true },
);
