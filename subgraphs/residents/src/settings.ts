// Deployment settings of the residents subgraph, read from the environment by main.ts.
import { z } from "zod";
import { DEFAULT_REGISTRATION_LIMITS, type Limit, type RegistrationLimits } from "./partner/registration-limits";

export interface ResidentsSettings {
  /**
   * How many open (proposed or active) pairings a household in need may have at once: its places.
   * Changning paired one partner with each household (一对一), hence 1.
   */
  pairingPlacesPerHousehold: number;
  /** How often the public may register partner organisations. */
  registrationLimits: RegistrationLimits;
}

export const DEFAULT_SETTINGS: ResidentsSettings = {
  pairingPlacesPerHousehold: 1,
  registrationLimits: DEFAULT_REGISTRATION_LIMITS,
};

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .safeParse(env[name] ?? fallback);
  if (!parsed.success) throw new Error(`${name} must be a whole number from ${min} to ${max}.`);
  return parsed.data;
}

function limitFromEnv(env: NodeJS.ProcessEnv, prefix: string, fallback: Limit): Limit {
  return {
    max: wholeNumber(env, prefix, fallback.max, 1, 100_000),
    windowSeconds: wholeNumber(env, `${prefix}_WINDOW_SECONDS`, fallback.windowSeconds, 1, 7 * 86_400),
  };
}

/**
 * PAIRING_PLACES_PER_HOUSEHOLD (1–10, default 1); REGISTRATIONS_PER_ADDRESS (default 5 per 600 s),
 * REGISTRATIONS_PER_STREET (20 per 3600 s), REGISTRATIONS_PER_CREDIT_CODE (5 per 3600 s), each with
 * a `_WINDOW_SECONDS` beside it.
 */
export function settingsFromEnv(env = process.env): ResidentsSettings {
  const limits = DEFAULT_REGISTRATION_LIMITS;
  return {
    pairingPlacesPerHousehold: wholeNumber(env, "PAIRING_PLACES_PER_HOUSEHOLD", 1, 1, 10),
    registrationLimits: {
      perAddress: limitFromEnv(env, "REGISTRATIONS_PER_ADDRESS", limits.perAddress),
      perStreet: limitFromEnv(env, "REGISTRATIONS_PER_STREET", limits.perStreet),
      perCreditCode: limitFromEnv(env, "REGISTRATIONS_PER_CREDIT_CODE", limits.perCreditCode),
    },
  };
}
