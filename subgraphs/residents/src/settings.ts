// Deployment settings of the residents subgraph: its variables (part of its configuration schema,
// src/config.ts, read once by main.ts) and what they mean.
import { wholeNumber } from "@grassroots/platform";
import { DEFAULT_REGISTRATION_LIMITS, type RegistrationLimits } from "./partner/registration-limits";

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

const limits = DEFAULT_REGISTRATION_LIMITS;
const attempts = () => wholeNumber(1, 100_000);
const window = () => wholeNumber(1, 7 * 86_400);

/**
 * PAIRING_PLACES_PER_HOUSEHOLD (1–10, default 1); REGISTRATIONS_PER_ADDRESS (default 5 per 600 s),
 * REGISTRATIONS_PER_STREET (20 per 3600 s), REGISTRATIONS_PER_CREDIT_CODE (5 per 3600 s), each with
 * a `_WINDOW_SECONDS` beside it.
 */
export const RESIDENTS_VARIABLES = {
  PAIRING_PLACES_PER_HOUSEHOLD: wholeNumber(1, 10).default(DEFAULT_SETTINGS.pairingPlacesPerHousehold),
  REGISTRATIONS_PER_ADDRESS: attempts().default(limits.perAddress.max),
  REGISTRATIONS_PER_ADDRESS_WINDOW_SECONDS: window().default(limits.perAddress.windowSeconds),
  REGISTRATIONS_PER_STREET: attempts().default(limits.perStreet.max),
  REGISTRATIONS_PER_STREET_WINDOW_SECONDS: window().default(limits.perStreet.windowSeconds),
  REGISTRATIONS_PER_CREDIT_CODE: attempts().default(limits.perCreditCode.max),
  REGISTRATIONS_PER_CREDIT_CODE_WINDOW_SECONDS: window().default(limits.perCreditCode.windowSeconds),
};

type Variables = { [Name in keyof typeof RESIDENTS_VARIABLES]: number };

/** The settings a parsed configuration gives. */
export function settingsFrom(config: Variables): ResidentsSettings {
  return {
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
