import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import type { Clock } from "./calendar/deadlines";
import { createCaseLoaders } from "./case/loaders";
import { CaseWorkflow } from "./case/rules";
import type { EscalationsPrisma } from "./prisma";
import { createStatsLoaders } from "./stats/loaders";
import { createOpenAtLoaders, createTrendLoaders } from "./stats/trends";

export interface Services {
  directory: Directory;
  clock: Clock;
}

export interface Context {
  prisma: EscalationsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  workflow: CaseWorkflow;
  clock: Clock;
  /** Cases this request acted on: their mutation results stay visible to the actor. */
  actedOn: Set<string>;
}

function createLoaders(prisma: EscalationsPrisma, reads: RawQueries, clock: Clock, access: Access) {
  return {
    ...createCaseLoaders(prisma, access),
    stats: createStatsLoaders(reads, () => clock.now()),
    openAt: createOpenAtLoaders(reads),
    trend: createTrendLoaders(prisma, () => clock.now()),
  };
}

/** `reads` answers the place roll-ups: the request's raw reads (RequestInfo.reads), or the client. */
export function createContext(
  prisma: EscalationsPrisma,
  claims: unknown,
  services: Services,
  reads: RawQueries = prisma,
): Context {
  const access = accessFromClaims(claims);
  return {
    prisma,
    loaders: createLoaders(prisma, reads, services.clock, access),
    access,
    authenticated: access.authenticated,
    workflow: new CaseWorkflow(prisma, services.directory, services.clock),
    clock: services.clock,
    actedOn: new Set(),
  };
}
