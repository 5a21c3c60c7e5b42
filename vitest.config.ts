import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    // Each file starts its own servers and databases; a cold PGlite takes a few seconds.
    testTimeout: 60_000,
    // Files share a worker's loaded modules (Prisma clients, Apollo, the schemas): importing them
    // again for every file cost more than half of each file's time. Nothing here relies on a fresh
    // module: every server, database and cache is made per test file.
    isolate: false,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "subgraphs/*/src/**/*.test.ts", "subgraphs/*/test/**/*.test.ts"],
        },
      },
      { extends: true, test: { name: "e2e", include: ["test/**/*.test.ts"] } },
    ],
  },
});
