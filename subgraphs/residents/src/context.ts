import type { ResidentsPrisma } from "./prisma";
import { createLoaders } from "./loaders";

export interface Context {
  prisma: ResidentsPrisma;
  loaders: ReturnType<typeof createLoaders>;
}

export function createContext(prisma: ResidentsPrisma): Context {
  return { prisma, loaders: createLoaders(prisma) };
}
