import { type Database, prismaClientOptions } from "@grassroots/platform";
import { PrismaClient } from "./generated/prisma/client";

export type BlocksPrisma = ReturnType<typeof createPrisma>;

export function createPrisma(adapter: Database["adapter"], options: { logQueries: boolean }) {
  return new PrismaClient(prismaClientOptions(adapter, options));
}
