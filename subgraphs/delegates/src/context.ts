import { type Access, accessFromClaims } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { type CoveragePolicy, coveragePolicyFromEnv } from "./coverage-policy";
import { createLoaders } from "./loaders";
import type { DelegatesPrisma } from "./prisma";

export interface Context {
  prisma: DelegatesPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  /** The request's clock: one "now" for every rule and window the request applies. */
  now: Date;
  coverage: CoveragePolicy;
  /** Places and households belong to other subgraphs: asked through their APIs. */
  directory: Directory;
}

export function createContext(prisma: DelegatesPrisma, claims: unknown, directory: Directory): Context {
  const access = accessFromClaims(claims);
  const now = new Date();
  const coverage = coveragePolicyFromEnv(now);
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
