import { createLoaders } from "./loaders";
import type { BlocksPrisma } from "./prisma";

export interface Context {
  prisma: BlocksPrisma;
  loaders: ReturnType<typeof createLoaders>;
}

export function createContext(prisma: BlocksPrisma): Context {
  return { prisma, loaders: createLoaders(prisma) };
}
