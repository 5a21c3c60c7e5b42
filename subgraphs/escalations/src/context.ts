import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
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

function createLoaders(prisma: EscalationsPrisma, clock: Clock, access: Access) {
  return {
    ...createCaseLoaders(prisma, access),
    stats: createStatsLoaders(prisma, () => clock.now()),
    openAt: createOpenAtLoaders(prisma),
    trend: createTrendLoaders(prisma, () => clock.now()),
  };
}

export function createContext(prisma: EscalationsPrisma, claims: unknown, services: Services): Context {
  const access = accessFromClaims(claims);
  return {
    prisma,
    loaders: createLoaders(prisma, services.clock, access),
    access,
    authenticated: access.authenticated,
    workflow: new CaseWorkflow(prisma, services.directory, services.clock),
    clock: services.clock,
    actedOn: new Set(),
  };
}
