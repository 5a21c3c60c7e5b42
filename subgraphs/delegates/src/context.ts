// The per-request context and all its loaders: whatever many parents ask for at once (visits of 50
// households, coverage of every place on a dashboard, the delegates of a page of visits) is one
// SQL statement.
import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import type { RawTransactions } from "@grassroots/platform";
import type { DelegatesPrisma } from "./prisma";
import { withRoomPlace } from "./room/access";
import { roomLoaders } from "./room/loaders";
import { visitLoaders } from "./visit/loaders";
import { coverageLoaders } from "./visit-coverage/loaders";
import { type CoverageTargets, coverageTargets } from "./visit-coverage/targets";

export interface Context {
  prisma: DelegatesPrisma;
  /** Raw-SQL transactions on the primary database: what logVisit stores visits with. */
  transactions: RawTransactions;
  loaders: ReturnType<typeof roomLoaders> & ReturnType<typeof visitLoaders> & ReturnType<typeof coverageLoaders>;
  access: Access;
  authenticated: boolean;
  /** The request's clock: one "now" for every rule and window the request applies. */
  now: Date;
  coverage: CoverageTargets;
  /** Places and households belong to other subgraphs: asked through their APIs. */
  directory: Directory;
}

export async function createContext(
  prisma: DelegatesPrisma,
  claims: unknown,
  directory: Directory,
  fullTargetMaxHouseholds: number | undefined,
  reads: RawQueries,
  transactions: RawTransactions,
): Promise<Context> {
  const now = new Date();
  const coverage = coverageTargets(now, fullTargetMaxHouseholds);
  const rooms = roomLoaders(prisma);
  // Room staff's place comes from their room, never from the token (room/access.ts).
  const access = await withRoomPlace(accessFromClaims(claims), (id) => rooms.keptRoom.load(id));
  return {
    prisma,
    transactions,
    loaders: { ...rooms, ...visitLoaders(prisma, access), ...coverageLoaders(reads, coverage) },
    access,
    authenticated: access.authenticated,
    now,
    coverage,
    directory,
  };
}
