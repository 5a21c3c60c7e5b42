import { type Access, accessFromClaims } from "@grassroots/access";
import DataLoader from "dataloader";
import type { Case } from "./generated/prisma/client";
import type { EscalationsPrisma } from "./prisma";

export interface Context {
  prisma: EscalationsPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
}

function createLoaders(prisma: EscalationsPrisma) {
  return {
    case: new DataLoader<string, Case | null>(async (ids) => {
      const rows = new Map((await prisma.case.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}

export function createContext(prisma: EscalationsPrisma, claims: unknown): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated };
}
