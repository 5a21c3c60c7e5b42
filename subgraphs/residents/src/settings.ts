// Deployment settings of the residents subgraph.
import { z } from "zod";

export interface ResidentsSettings {
  /**
   * How many open (proposed or active) pairings a household in need may have at once: its places.
   * Changning paired one partner with each household (一对一), hence 1.
   */
  pairingPlacesPerHousehold: number;
}

export const DEFAULT_SETTINGS: ResidentsSettings = { pairingPlacesPerHousehold: 1 };

/** PAIRING_PLACES_PER_HOUSEHOLD (1–10, default 1). */
export function settingsFromEnv(env = process.env): ResidentsSettings {
  const places = z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .safeParse(env.PAIRING_PLACES_PER_HOUSEHOLD ?? 1);
  if (!places.success) throw new Error(`PAIRING_PLACES_PER_HOUSEHOLD must be a whole number from 1 to 10.`);
  return { pairingPlacesPerHousehold: places.data };
}
