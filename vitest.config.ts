import { defineConfig } from "vitest/config";

const PROCESS_TESTS = ["test/start.test.ts", "test/production.test.ts"];
// Tests of several processes on one PostgreSQL database (replicas of the subgraphs, a read replica):
// meaningless on the embedded database, which one process holds. They are collected only when
// TEST_DATABASE_URL is set (CI's second run); run alone without it, vitest finds no test and fails.
const POSTGRES_TESTS = ["test/postgres/**/*.test.ts"];
// The committed SDL checks print a schema whose field order is the order its modules were first
// imported: in a worker shared with other files (isolate: false) a test that imported one field
// module directly reordered it. They get fresh modules of their own.
const SDL_TESTS = ["subgraphs/*/test/sdl.test.ts"];
// The web apps in Chromium (test/browser/): once, on the embedded database `npm start` uses; the
// PostgreSQL pass has the same API under them in every other test.
const BROWSER_TESTS = ["test/browser/**/*.test.ts"];
// Tests of the gateway's own behaviour (limits, sharing, GraphQL over HTTP, routers, the web side):
// the same on either database, so the PostgreSQL pass leaves them to the first.
const GATEWAY_ONLY_TESTS = [
  "test/gateway-limits.test.ts",
  "test/gateway-sharing.test.ts",
  "test/gateway-raw-json.test.ts",
  "test/graphql-over-http.test.ts",
  "test/routers.test.ts",
  "test/web-app.test.ts",
];

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
    // Two files at a time, even on two cores: a file's servers share one thread (its worker), so one
    // worker left the second core mostly idle. The real-process tests still run alone, at the end.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "subgraphs/*/src/**/*.test.ts", "subgraphs/*/test/**/*.test.ts"],
          exclude: SDL_TESTS,
        },
      },
      { extends: true, test: { name: "sdl", include: SDL_TESTS, isolate: true } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/**/*.test.ts"],
          exclude: [
            ...PROCESS_TESTS,
            ...POSTGRES_TESTS,
            ...BROWSER_TESTS,
            ...(process.env.TEST_DATABASE_URL ? GATEWAY_ONLY_TESTS : []),
          ],
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? []
        : [
            {
              extends: true as const,
              test: { name: "browser", include: BROWSER_TESTS, globalSetup: ["test/browser/global-setup.ts"] },
            },
          ]),
      ...(process.env.TEST_DATABASE_URL ? [{ extends: true as const, test: { name: "postgres", include: POSTGRES_TESTS } }] : []),
      // Tests of the real processes (`npm start`, the production build) time restarts and
      // shutdowns: they run after everything else, one file at a time, with the machine to
      // themselves, so that another file's load never decides whether a subgraph is back in 10 s.
      {
        extends: true,
        test: { name: "processes", include: PROCESS_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
