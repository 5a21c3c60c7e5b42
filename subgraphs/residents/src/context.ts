import { type Access, accessFromClaims } from "@grassroots/access";
import { createLoaders } from "./loaders";
import type { ResidentsPrisma } from "./prisma";
import { DEFAULT_SETTINGS, type ResidentsSettings } from "./settings";

export interface Context {
  prisma: ResidentsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
  settings: ResidentsSettings;
}

export function createContext(prisma: ResidentsPrisma, claims: unknown, settings: ResidentsSettings = DEFAULT_SETTINGS): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated, settings };
}
