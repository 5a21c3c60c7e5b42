// Deployment settings of the residents subgraph: its variables (part of its configuration schema,
// src/config.ts, read once by main.ts) and what they mean.
import { randomBytes } from "node:crypto";
import { wholeNumber } from "@grassroots/platform";
import { z } from "zod";
import { DEFAULT_REGISTRATION_LIMITS, type RegistrationLimits } from "./partner/registration-limits";
import type { SecretsKey } from "./webhook/secret-box";

export interface ResidentsSettings {
  /**
   * How many open (proposed or active) pairings a household in need may have at once: its places.
   * Changning paired one partner with each household (一对一), hence 1.
   */
  pairingPlacesPerHousehold: number;
  /** How often the public may register partner organisations. */
  registrationLimits: RegistrationLimits;
  /** Partners' webhooks: what URLs they may register and how deliveries are retried. */
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** http://127.0.0.1 URLs besides https ones: outside production only (a partner's local test server). */
  allowLocalHttp: boolean;
  /** Webhooks an organisation may have at once. */
  perPartner: number;
  /** The first retry waits this long, each next one twice as long (a quarter more at random), up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts before a delivery is given up (FAILED). */
  maxAttempts: number;
  /** How long a partner's server may take to answer. */
  timeoutMs: number;
  /** Seals the webhooks' secrets at rest (src/webhook/secret-box.ts; WEBHOOK_SECRETS_KEY). */
  secretsKey: SecretsKey;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowLocalHttp: false,
  perPartner: 5,
  retryBaseMs: 10_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 10,
  timeoutMs: 5000,
  // A deployment's is configured (main.ts); this one, new in every process, only seals what the
  // same process reads back (tests, a subgraph made without settings).
  secretsKey: new Uint8Array(randomBytes(32)),
};

export const DEFAULT_SETTINGS: ResidentsSettings = {
  pairingPlacesPerHousehold: 1,
  registrationLimits: DEFAULT_REGISTRATION_LIMITS,
  webhooks: DEFAULT_WEBHOOK_SETTINGS,
};

const limits = DEFAULT_REGISTRATION_LIMITS;
const attempts = () => wholeNumber(1, 100_000);
const window = () => wholeNumber(1, 7 * 86_400);

/**
 * PAIRING_PLACES_PER_HOUSEHOLD (1–10, default 1); REGISTRATIONS_PER_ADDRESS (default 5 per 600 s),
 * REGISTRATIONS_PER_STREET (20 per 3600 s), REGISTRATIONS_PER_CREDIT_CODE (5 per 3600 s), each with
 * a `_WINDOW_SECONDS` beside it; OUTBOX_RELAY_INTERVAL_MS (default 2000), OUTBOX_RETENTION_DAYS
 * (90: src/outbox/retention.ts), WEBHOOK_RETRY_BASE_MS
 * (10 s), WEBHOOK_RETRY_MAX_MS (1 h), WEBHOOK_MAX_ATTEMPTS (10), WEBHOOK_TIMEOUT_MS (5 s);
 * WEBHOOK_SECRETS_KEY (at least 32 characters).
 */
export const RESIDENTS_VARIABLES = {
  PAIRING_PLACES_PER_HOUSEHOLD: wholeNumber(1, 10).default(DEFAULT_SETTINGS.pairingPlacesPerHousehold),
  REGISTRATIONS_PER_ADDRESS: attempts().default(limits.perAddress.max),
  REGISTRATIONS_PER_ADDRESS_WINDOW_SECONDS: window().default(limits.perAddress.windowSeconds),
  REGISTRATIONS_PER_STREET: attempts().default(limits.perStreet.max),
  REGISTRATIONS_PER_STREET_WINDOW_SECONDS: window().default(limits.perStreet.windowSeconds),
  REGISTRATIONS_PER_CREDIT_CODE: attempts().default(limits.perCreditCode.max),
  REGISTRATIONS_PER_CREDIT_CODE_WINDOW_SECONDS: window().default(limits.perCreditCode.windowSeconds),
  OUTBOX_RELAY_INTERVAL_MS: wholeNumber(100, 3_600_000).default(2000),
  OUTBOX_RETENTION_DAYS: wholeNumber(1, 3650).default(90),
  WEBHOOK_RETRY_BASE_MS: wholeNumber(100, 3_600_000).default(DEFAULT_WEBHOOK_SETTINGS.retryBaseMs),
  WEBHOOK_RETRY_MAX_MS: wholeNumber(1000, 86_400_000).default(DEFAULT_WEBHOOK_SETTINGS.retryMaxMs),
  WEBHOOK_MAX_ATTEMPTS: wholeNumber(1, 50).default(DEFAULT_WEBHOOK_SETTINGS.maxAttempts),
  WEBHOOK_TIMEOUT_MS: wholeNumber(100, 60_000).default(DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
  // Required in production, generated into DATA_DIR otherwise (main.ts).
  WEBHOOK_SECRETS_KEY: z
    .string()
    .min(32, { error: "must be at least 32 characters long (the key that seals the webhooks' secrets)" })
    .optional(),
};

type Variables = { [Name in Exclude<keyof typeof RESIDENTS_VARIABLES, "WEBHOOK_SECRETS_KEY">]: number };

/** The settings a parsed configuration gives. */
export function settingsFrom(config: Variables & { NODE_ENV?: string }, secretsKey: SecretsKey): ResidentsSettings {
  return {
    webhooks: {
      secretsKey,
      allowLocalHttp: config.NODE_ENV !== "production",
      perPartner: DEFAULT_WEBHOOK_SETTINGS.perPartner,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: config.WEBHOOK_RETRY_MAX_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    },
    pairingPlacesPerHousehold: config.PAIRING_PLACES_PER_HOUSEHOLD,
    registrationLimits: {
      perAddress: { max: config.REGISTRATIONS_PER_ADDRESS, windowSeconds: config.REGISTRATIONS_PER_ADDRESS_WINDOW_SECONDS },
      perStreet: { max: config.REGISTRATIONS_PER_STREET, windowSeconds: config.REGISTRATIONS_PER_STREET_WINDOW_SECONDS },
      perCreditCode: {
        max: config.REGISTRATIONS_PER_CREDIT_CODE,
        windowSeconds: config.REGISTRATIONS_PER_CREDIT_CODE_WINDOW_SECONDS,
      },
    },
  };
}
