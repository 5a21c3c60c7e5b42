// The per-request context and all its loaders: whatever many parents ask for at once (visits of 50
// households, coverage of every place on a dashboard, the delegates of a page of visits) is one
// SQL statement.
import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { coverageLoaders } from "./coverage/loaders";
import { type CoverageTargets, coverageTargetsFromEnv } from "./coverage/targets";
import type { DelegatesPrisma } from "./prisma";
import { roomLoaders } from "./room/loaders";
import { visitLoaders } from "./visit/loaders";

export interface Context {
  prisma: DelegatesPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  /** The request's clock: one "now" for every rule and window the request applies. */
  now: Date;
  coverage: CoverageTargets;
  /** Places and households belong to other subgraphs: asked through their APIs. */
  directory: Directory;
}

function createLoaders(prisma: DelegatesPrisma, access: Access, coverage: CoverageTargets) {
  return { ...roomLoaders(prisma), ...visitLoaders(prisma, access), ...coverageLoaders(prisma, coverage) };
}

export function createContext(prisma: DelegatesPrisma, claims: unknown, directory: Directory): Context {
  const access = accessFromClaims(claims);
  const now = new Date();
  const coverage = coverageTargetsFromEnv(now);
  return {
    prisma,
    loaders: createLoaders(prisma, access, coverage),
    access,
    authenticated: access.authenticated,
    now,
    coverage,
    directory,
  };
}
