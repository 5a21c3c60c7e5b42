import { type Access, accessFromClaims } from "@grassroots/access";
import { createDepartmentLoaders } from "./department/loaders";
import { createPlaceLoaders } from "./jurisdiction/loaders";
import type { OpenDataPublisher } from "./open-data/publisher";
import type { BlocksPrisma } from "./prisma";

/** Per-request loaders of every concept. */
function createLoaders(prisma: BlocksPrisma) {
  return { ...createPlaceLoaders(prisma), ...createDepartmentLoaders(prisma) };
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

export function createContext(prisma: BlocksPrisma, claims: unknown, services: Services): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated, ...services };
}
