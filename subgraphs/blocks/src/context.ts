import { type Access, accessFromClaims } from "@grassroots/access";
import type { RawQueries } from "@grassroots/jurisdiction/roll-up";
import { createDepartmentLoaders } from "./department/loaders";
import { createChildLoaders, createPlaceLoaders } from "./jurisdiction/loaders";
import type { OpenDataPublisher } from "./open-data/publisher";
import type { BlocksPrisma } from "./prisma";
import { createTeamLoaders } from "./team/loaders";

/** Per-request loaders of every concept; listings of places only as far as the caller may read. */
function createLoaders(prisma: BlocksPrisma, reads: RawQueries, access: Access) {
  return {
    ...createPlaceLoaders(reads),
    ...createChildLoaders(reads, access),
    ...createTeamLoaders(reads),
    ...createDepartmentLoaders(prisma),
  };
}

export interface Context {
  prisma: BlocksPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  openData: OpenDataPublisher;
  now: () => Date;
}

export interface Services {
  openData: OpenDataPublisher;
  now: () => Date;
}

/** `reads`: raw reads on the database `prisma` reads (RequestInfo.reads); the client itself when not given. */
export function createContext(prisma: BlocksPrisma, claims: unknown, services: Services, reads: RawQueries = prisma): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma, reads, access), access, authenticated: access.authenticated, ...services };
}
