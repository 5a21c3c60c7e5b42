import { type Access, accessFromClaims } from "@grassroots/access";
import { createLoaders } from "./loaders";
import type { BlocksPrisma } from "./prisma";

export interface Context {
  prisma: BlocksPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
}

export function createContext(prisma: BlocksPrisma, claims: unknown): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated };
}
