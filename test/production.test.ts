// The production build and start: `npm run build` compiles every process to dist/*.js, and
// `npm run start:prod` (NODE_ENV=production node scripts/dist/start.js) runs them with plain node,
// no tsx, answering through the gateway; production refuses to start without its secrets.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  EXIT_CONFIG,
  LANE_FLAGS_ADVICE,
  LANE_PROCESS_NODE_FLAGS,
  signToken,
} from "@grassroots/platform";
import { createTestDatabase, type TestDatabase } from "@grassroots/platform/testing";
import { SUBGRAPHS } from "@grassroots/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlAt, reportedPid, startNode, waitFor } from "./support/processes";

const root = join(import.meta.dirname, "..");
const GATEWAY_PORT = 6100;
const secret = randomBytes(32).toString("base64url");
const dataDir = mkdtempSync(join(tmpdir(), "grassroots-production-"));
let databases: TestDatabase[] = [];
let stack: ReturnType<typeof startNode> | undefined;

/** Only what a deployment would set: no tsx, no development defaults from this test process. */
const productionEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  ...env,
});

beforeAll(async () => {
  // What `npm run build` runs after generating the Prisma clients (which the test run already has).
  const build = startNode(["--import", "tsx", "scripts/build.ts"], { PATH: process.env.PATH }, root);
  expect(await build.exited, build.output).toBe(0);
}, 120_000);

afterAll(async () => {
  if (stack?.child.exitCode === null) {
    stack.child.kill("SIGKILL");
    await stack.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await Promise.all(databases.map((database) => database.drop()));
});

describe("a production process without its configuration", () => {
  it.each([
    ["gateway", "gateway/dist/main.js", {}, []],
    ["escalations subgraph", "subgraphs/escalations/dist/main.js", { SEED: "off", SHUTDOWN_GRACE_MS: "soon" }, []],
    ["residents subgraph", "subgraphs/residents/dist/main.js", {}, ["WEBHOOK_SECRETS_KEY is required when NODE_ENV=production"]],
  ])("the %s refuses to start, naming each variable, without a stack trace", async (name, entry, env, also) => {
    const run = startNode([entry], productionEnv({ DATA_DIR: dataDir, ...env }), root);
    expect(await run.exited).toBe(EXIT_CONFIG);
    expect(run.output).toContain(`The ${name} cannot start: its configuration is invalid.`);
    expect(run.output).toContain("GATEWAY_SECRET is required when NODE_ENV=production");
    expect(run.output).toContain("AUTH_SECRET or AUTH_JWKS_URL is required when NODE_ENV=production");
    for (const problem of also) expect(run.output).toContain(problem);
    for (const [variable] of Object.entries(env)) expect(run.output).toContain(`- ${variable} must be`);
    expect(run.output).not.toMatch(/\n\s+at /);
  });
});

describe("npm run start:prod", () => {
  it("is plain node on the built output", () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(scripts["start:prod"]).toBe("NODE_ENV=production node scripts/dist/start.js");
  });

  it("serves the graph from dist/ with plain node, and stops gracefully", async () => {
    databases = process.env.TEST_DATABASE_URL ? await Promise.all(SUBGRAPHS.map((name) => createTestDatabase(name))) : [];
    const databaseUrls = Object.fromEntries(
      databases.map((database, index) => [
        `DATABASE_URL_${SUBGRAPHS[index]!.toUpperCase()}`,
        "url" in database.location ? database.location.url : "",
      ]),
    );
    stack = startNode(
      ["scripts/dist/start.js"],
      productionEnv({
        GATEWAY_PORT: String(GATEWAY_PORT),
        DATA_DIR: dataDir,
        AUTH_SECRET: secret,
        GATEWAY_SECRET: randomBytes(32).toString("base64url"),
        WEBHOOK_SECRETS_KEY: randomBytes(32).toString("base64url"),
        // Production seeds nothing unless asked.
        SEED: "demo",
        SEED_SCALE: "test",
        ...databaseUrls,
      }),
      root,
    );
    const running = stack;
    await waitFor(
      "the built stack up",
      () => running.output.includes("Grassroots graph is up") || running.child.exitCode !== null,
      400_000,
    );
    expect(running.output).toContain("(built output, plain node)");
    expect(running.output).not.toContain(LANE_FLAGS_ADVICE);
    for (const name of ["gateway", ...SUBGRAPHS]) {
      const commandLine = readFileSync(`/proc/${reportedPid(running.output, name)}/cmdline`, "utf8").split("\0");
      // Node's flags for a process with a heavy lane first (its garbage collected on its own thread,
      // between requests where it can), then the built entry.
      expect(commandLine.slice(1, LANE_PROCESS_NODE_FLAGS.length + 2)).toEqual([
        ...LANE_PROCESS_NODE_FLAGS,
        join(root, name === "gateway" ? "gateway" : `subgraphs/${name}`, "dist/main.js"),
      ]);
      expect(commandLine.join(" ")).not.toContain("tsx");
    }
    const token = await signToken(
      { sub: "test-admin", role: "admin" },
      { secret, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE },
    );
    const answer = await graphqlAt(GATEWAY_PORT, { query: `{ district(code: "310105") { name streets { code } } }` }, token);
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data.district.streets).toHaveLength(2);
    // A heavy operation (cost over GATEWAY_HEAVY_COST's 5,000) runs on the heavy lane's thread,
    // which the built gateway starts from dist/heavy-lane-worker.js.
    const tree = await graphqlAt(
      GATEWAY_PORT,
      { query: `{ district(code: "310105") { streets { communities { blocks { code name householdCount team { name } } } } } }` },
      token,
    );
    expect(tree.json.errors).toBeUndefined();
    expect(
      tree.json.data.district.streets.flatMap((street: { communities: { blocks: unknown[] }[] }) =>
        street.communities.flatMap((community) => community.blocks),
      ),
    ).toHaveLength(12);
    // The web apps are served from web/dist, signing in with the identity provider only: with none
    // configured, the pages are told sign-in is unavailable, and the demo accounts' sign-in is absent.
    const page = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/dashboard`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await (await fetch(`http://127.0.0.1:${GATEWAY_PORT}/app-config.json`)).json()).toEqual({
      signIn: "none",
      accounts: [],
    });
    const devSignIn = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/dev/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ user: "demo-admin" }),
    });
    expect(devSignIn.status).toBe(404);
    // Production hides the schema.
    const introspection = await graphqlAt(GATEWAY_PORT, { query: "{ __schema { types { name } } }" }, token);
    expect(introspection.json.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");

    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    for (const name of ["gateway", ...SUBGRAPHS]) expect(running.output).toContain(`[${name}] stopped (exit code 0)`);
  }, 420_000);
});
