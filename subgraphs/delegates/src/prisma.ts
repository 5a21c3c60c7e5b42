import type { Database } from "@grassroots/platform";
import { PrismaClient } from "./generated/prisma/client";

export type DelegatesPrisma = ReturnType<typeof createPrisma>;

export function createPrisma(adapter: Database["adapter"], { logQueries }: { logQueries: boolean }) {
  return new PrismaClient({ adapter, log: logQueries ? [{ emit: "event", level: "query" }] : [] });
}
