// Per-request context: the caller's access, the deployment's settings and every DataLoader (each
// concept's loaders are made in its folder; a count or page asked of many parents is one statement).
import { type Access, accessFromClaims } from "@grassroots/access";
import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import { accessWithAccount, type LiveAccount, mayActForPartner } from "./account/access";
import { liveAccountOf } from "./account/rules";
import { householdLoaders } from "./household/loaders";
import { memberLoaders } from "./member/loaders";
import { pairingLoaders } from "./pairing/loaders";
import { partnerLoaders } from "./partner/loaders";
import { SlidingWindowLimiter } from "./partner/registration-limits";
import type { ResidentsPrisma } from "./prisma";
import { DEFAULT_SETTINGS, type ResidentsSettings } from "./settings";

export function createLoaders(prisma: ResidentsPrisma, reads: RawQueries = prisma) {
  return {
    ...householdLoaders(prisma, reads),
    ...partnerLoaders(prisma),
    ...memberLoaders(prisma, reads),
    ...pairingLoaders(prisma, reads),
  };
}

export interface Context {
  prisma: ResidentsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  /** The caller's live partner account, read from the database at the start of the request. */
  account: LiveAccount | null;
  authenticated: boolean;
  settings: ResidentsSettings;
  /** Public registrations counted per client address, street office and credit code (one per process). */
  registrations: SlidingWindowLimiter;
  /** The caller's address as the gateway saw it (header x-client-address), when it reaches us. */
  clientAddress: string | null;
}

export interface ContextOptions {
  settings?: ResidentsSettings;
  registrations?: SlidingWindowLimiter;
  clientAddress?: string | null;
  /** The place roll-ups' reads (RequestInfo.reads); the client when not given. */
  reads?: RawQueries;
}

export async function createContext(prisma: ResidentsPrisma, claims: unknown, options: ContextOptions = {}): Promise<Context> {
  const claimed = accessFromClaims(claims);
  // Partners (and people with no role yet) are who the membership data say, read at every request.
  const account = mayActForPartner(claimed) ? await liveAccountOf(prisma, claimed.viewer!.subject) : null;
  const access = accessWithAccount(claimed, account);
  return {
    prisma,
    loaders: createLoaders(prisma, options.reads),
    access,
    account,
    authenticated: access.authenticated,
    settings: options.settings ?? DEFAULT_SETTINGS,
    registrations: options.registrations ?? new SlidingWindowLimiter(),
    clientAddress: options.clientAddress ?? null,
  };
}
