import DataLoader from "dataloader";
import type { Case } from "./generated/prisma/client";
import type { EscalationsPrisma } from "./prisma";

export interface Context {
  prisma: EscalationsPrisma;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(prisma: EscalationsPrisma) {
  return {
    case: new DataLoader<string, Case | null>(async (ids) => {
      const rows = new Map((await prisma.case.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}

export function createContext(prisma: EscalationsPrisma): Context {
  return { prisma, loaders: createLoaders(prisma) };
}
