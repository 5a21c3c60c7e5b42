import type { BlocksPrisma } from "./prisma";
import { createLoaders } from "./loaders";

export interface Context {
  prisma: BlocksPrisma;
  loaders: ReturnType<typeof createLoaders>;
}

export function createContext(prisma: BlocksPrisma): Context {
  return { prisma, loaders: createLoaders(prisma) };
}
