import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

/**
 * The Prisma CLI config shared by every subgraph's folder. The CLI is only used offline (generate,
 * migrate diff): an in-memory PGlite satisfies its need for an adapter without a server, and lets
 * the command exit.
 */
export function cliConfig() {
  return defineConfig({
    schema: "schema.prisma",
    migrations: { path: "migrations" },
    engine: "js",
    experimental: { adapter: true },
    adapter: async () => new PrismaPGlite(new PGlite()),
  });
}
