// The residents subgraph's definition: schema, database and per-request context.
import { fileURLToPath } from "node:url";
import type { SubgraphDefinition } from "@grassroots/platform";
import { type Context, createContext } from "./context";
import { rebuildHouseholdRollUps } from "./household/roll-ups";
import { SlidingWindowLimiter } from "./partner/registration-limits";
import { createPrisma, type ResidentsPrisma } from "./prisma";
import { residentsSchema } from "./schema";
import { DEFAULT_SETTINGS, type ResidentsSettings } from "./settings";

export { type Inbox, measureOutbox, type OutboxEventToDeliver, relayOutbox } from "./outbox/relay";
export { pruneOutbox } from "./outbox/retention";
export { DEFAULT_REGISTRATION_LIMITS } from "./partner/registration-limits";
export { residentsSchema } from "./schema";
export { DEFAULT_WEBHOOK_SETTINGS, type ResidentsSettings, settingsFrom, type WebhookSettings } from "./settings";
export { deliverWebhooks, webhookBody } from "./webhook/delivery";
export { sealStoredWebhookSecrets } from "./webhook/rules";
export { openWebhookSecret, webhookSecretsKey } from "./webhook/secret-box";
export { SIGNATURE_HEADER, verifySignature } from "./webhook/signature";
export type { ResidentsPrisma };

export interface ResidentsOptions {
  /** Deployment settings (main.ts reads them from the environment); the defaults for those left out. */
  settings?: Partial<ResidentsSettings>;
}

export function createResidentsSubgraph(options: ResidentsOptions = {}): SubgraphDefinition<ResidentsPrisma, Context> {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const registrations = new SlidingWindowLimiter();
  return {
    name: "residents",
    migrationsDir: fileURLToPath(new URL("../../../prisma/residents/migrations", import.meta.url)),
    schema: residentsSchema,
    createPrisma,
    // The client's address is the gateway's word (x-client-address): registrations are limited per address.
    createContext: (prisma, claims, request) =>
      createContext(prisma, claims, { settings, registrations, clientAddress: request.clientAddress, reads: request.reads }),
    rebuildRollUps: rebuildHouseholdRollUps,
  };
}
