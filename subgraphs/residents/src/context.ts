import { createLoaders } from "./loaders";
import type { ResidentsPrisma } from "./prisma";

export interface Context {
  prisma: ResidentsPrisma;
  loaders: ReturnType<typeof createLoaders>;
}

export function createContext(prisma: ResidentsPrisma): Context {
  return { prisma, loaders: createLoaders(prisma) };
}
