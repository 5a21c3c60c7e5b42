import { type Access, accessFromClaims } from "@grassroots/access";
import DataLoader from "dataloader";
import type { DelegateRoom } from "./generated/prisma/client";
import type { DelegatesPrisma } from "./prisma";

export interface Context {
  prisma: DelegatesPrisma;
  loaders: ReturnType<typeof createLoaders>;
  access: Access;
  authenticated: boolean;
}

function createLoaders(prisma: DelegatesPrisma) {
  return {
    room: new DataLoader<string, DelegateRoom | null>(async (ids) => {
      const rows = new Map((await prisma.delegateRoom.findMany({ where: { id: { in: [...ids] } } })).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}

export function createContext(prisma: DelegatesPrisma, claims: unknown): Context {
  const access = accessFromClaims(claims);
  return { prisma, loaders: createLoaders(prisma), access, authenticated: access.authenticated };
}
