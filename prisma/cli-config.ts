import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

/**
 * The Prisma CLI config shared by every subgraph's folder. With DATABASE_URL_<SUBGRAPH> set, the
 * CLI reads that PostgreSQL database (e.g. `prisma migrate status`, which reads the ledger our
 * migration runner writes). Without it, the CLI works offline (generate, migrate diff) on an
 * in-memory PGlite, which needs no server and lets the command exit.
 */
export function cliConfig(subgraph: string) {
  const url = process.env[`DATABASE_URL_${subgraph.toUpperCase()}`];
  return defineConfig({
    schema: "schema.prisma",
    migrations: { path: "migrations" },
    engine: "js",
    experimental: { adapter: true },
    adapter: async () => (url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(new PGlite())),
  });
}
