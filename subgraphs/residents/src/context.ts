import { type Access, accessFromClaims } from "@grassroots/access";
import { createLoaders } from "./loaders";
import type { ResidentsPrisma } from "./prisma";

export interface Context {
  prisma: ResidentsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
}

export function createContext(prisma: ResidentsPrisma, claims: unknown): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated };
}
