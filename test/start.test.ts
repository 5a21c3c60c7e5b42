// `npm start` as a user runs it, on ports that are not the defaults: every process must find the
// others through the one service list. GATEWAY_PORT=6000 also puts the gateway on a port that
// Node's fetch refuses ("bad port"), so requests here go through node:http. One start serves every
// test: the wiring, health, a stopped subgraph, a killed one started again while the gateway goes
// on, SIGTERM in the middle of a request, and Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { householdsOfBlock, SCALES } from "@grassroots/demo-district";
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, GATEWAY_SECRET_HEADER, signToken } from "@grassroots/platform";
import { createTestDatabase, type TestDatabase } from "@grassroots/platform/testing";
import { SUBGRAPHS } from "@grassroots/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionRefused, graphqlAt, http, reportedPid, slowGraphQL, waitFor } from "./support/processes";
import { parsePrometheus, sampleSum } from "./support/prometheus";
import { demoUser } from "./support/users";

// START_TEST_GATEWAY_PORT moves it, for a machine where another run holds 6000–6004.
const GATEWAY_PORT = Number(process.env.START_TEST_GATEWAY_PORT ?? 6000);
const PORTS = {
  gateway: GATEWAY_PORT,
  blocks: GATEWAY_PORT + 1,
  residents: GATEWAY_PORT + 2,
  delegates: GATEWAY_PORT + 3,
  escalations: GATEWAY_PORT + 4,
} as const;
const secret = randomBytes(32).toString("base64url");
const gatewaySecret = randomBytes(32).toString("base64url");
const dataDir = mkdtempSync(join(tmpdir(), "grassroots-start-"));
let stack: ChildProcess;
let stackExit: Promise<number | null>;
let output = "";
// With TEST_DATABASE_URL (CI's second run) the stack runs on PostgreSQL, one database per subgraph.
let databases: TestDatabase[] = [];

const token = (user: Parameters<typeof demoUser>[0] = "demo-admin") =>
  signToken(demoUser(user), { secret, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
const ready = async (port: number) => (await http(port, "/health/ready", { timeoutMs: 2000 })).status === 200;
const DISTRICT = `{ district(code: "310105") { name } }`;

/** The request lines npm start relayed from `name` (`[name] request {…}`) for this trace. */
function requestLines(name: string, traceId: string): Record<string, unknown>[] {
  return [...output.matchAll(new RegExp(`^\\[${name}\\] request (\\{.*\\})$`, "gm"))]
    .map((match) => JSON.parse(match[1]!) as Record<string, unknown>)
    .filter((line) => line.traceId === traceId);
}

const traceparentOf = (traceId: string) => `00-${traceId}-${randomBytes(8).toString("hex")}-01`;

beforeAll(async () => {
  databases = process.env.TEST_DATABASE_URL ? await Promise.all(SUBGRAPHS.map((name) => createTestDatabase(name))) : [];
  const databaseUrls = Object.fromEntries(
    databases.map((database, index) => [
      `DATABASE_URL_${SUBGRAPHS[index]!.toUpperCase()}`,
      "url" in database.location ? database.location.url : "",
    ]),
  );
  stack = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: join(import.meta.dirname, ".."),
    env: {
      ...process.env,
      GATEWAY_PORT: String(GATEWAY_PORT),
      DATA_DIR: dataDir,
      // Seeding is on by default only for the embedded database: the PostgreSQL run asks for it.
      SEED: "demo",
      SEED_SCALE: "test",
      AUTH_SECRET: secret,
      GATEWAY_SECRET: gatewaySecret,
      // Request lines are at info: the observability test reads them.
      LOG_LEVEL: "info",
      ...databaseUrls,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stackExit = new Promise((resolve) => stack.once("exit", (code) => resolve(code)));
  for (const stream of [stack.stdout, stack.stderr]) {
    stream?.on("data", (chunk) => {
      output += chunk;
    });
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Grassroots graph is up")) {
        clearInterval(timer);
        resolve();
      } else if (stack.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start stopped:\n${output}`));
      }
    }, 200);
  });
}, 420_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    stack.kill("SIGINT");
    await stackExit;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await Promise.all(databases.map((database) => database.drop()));
});

describe("npm start with GATEWAY_PORT=6000", () => {
  it("puts every subgraph on the next four ports and says where the data is", () => {
    for (const name of SUBGRAPHS) {
      expect(output).toMatch(new RegExp(`${name}\\s+http://127\\.0\\.0\\.1:${PORTS[name]}/graphql`));
    }
    expect(output).toContain(`gateway       http://127.0.0.1:${GATEWAY_PORT}/graphql`);
    expect(output).toContain(
      databases.length ? "Data: PostgreSQL (DATABASE_URL_<SUBGRAPH>)." : `embedded PostgreSQL via PGlite under ${dataDir}/`,
    );
  });

  it("wires escalations' household look-ups to this stack's residents subgraph", async () => {
    const block = "310105001001001";
    const household = householdsOfBlock(block, SCALES.test).households[0]!;
    const raised = await graphqlAt(
      GATEWAY_PORT,
      {
        query: `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id tier holderCode household { id } } }`,
        variables: {
          input: {
            idempotencyKey: randomUUID(),
            blockCode: block,
            householdId: household.id,
            channel: "HOME_VISIT",
            category: "HOUSING",
            description: "The stairwell light has been out for a week.",
          },
        },
      },
      await token("demo-block-member"),
    );
    expect(raised.json.errors).toBeUndefined();
    expect(raised.json.data.raiseCase).toMatchObject({ tier: "BLOCK", holderCode: block, household: { id: household.id } });
  });

  it("answers /health/live and /health/ready on every process", async () => {
    for (const port of Object.values(PORTS)) {
      expect(await http(port, "/health/live")).toMatchObject({ status: 200, json: { status: "ok" } });
      expect((await http(port, "/health/ready")).status).toBe(200);
    }
    const gateway = await http(GATEWAY_PORT, "/health/ready");
    expect(gateway.json).toEqual({
      status: "ok",
      subgraphs: { blocks: "ok", residents: "ok", delegates: "ok", escalations: "ok" },
    });
    // On PostgreSQL each subgraph has a heavy lane; the embedded database has none.
    const lane = databases.length ? { heavyLane: "on" } : {};
    expect((await http(PORTS.blocks, "/health/ready")).json).toEqual({ status: "ok", subgraph: "blocks", ...lane });
  });

  it("answers a heavy operation (households with residents under every block) through the heavy lanes", async () => {
    const traceId = randomBytes(16).toString("hex");
    const tree = await graphqlAt(
      GATEWAY_PORT,
      {
        query: `{ district(code: "310105") { streets { communities { blocks { code households(first: 6) { edges { node { id residents { name } } } } } } } } }`,
      },
      await token(),
      { traceparent: traceparentOf(traceId) },
    );
    expect(tree.json.errors).toBeUndefined();
    // The lanes keep the trace: the gateway's lane thread sends it on, and each subgraph logs it
    // (its lane's answers on PostgreSQL, its main thread's on the embedded database).
    await waitFor(
      "the heavy operation's log lines",
      () => requestLines("gateway", traceId).length > 0 && requestLines("residents", traceId).length > 0,
      5000,
    );
    const [gatewayLine] = requestLines("gateway", traceId);
    expect(gatewayLine).toMatchObject({ status: 200, role: "admin", errorCodes: [] });
    const residentsLine = requestLines("residents", traceId)[0]!;
    expect(residentsLine.requestId).toBe(gatewayLine!.requestId);
    expect(residentsLine.lane).toBe(databases.length ? "heavy" : undefined);
    const blocks = tree.json.data.district.streets.flatMap(
      (street: { communities: { blocks: { households: { edges: unknown[] } }[] }[] }) =>
        street.communities.flatMap((community) => community.blocks),
    );
    expect(blocks).toHaveLength(12);
    expect(blocks.every((block: { households: { edges: unknown[] } }) => block.households.edges.length === 6)).toBe(true);
  });
});

describe("a request with a traceparent", () => {
  it("is logged by the gateway and every subgraph it touches with its trace id and request id, and counted in each /metrics", async () => {
    const traceId = randomBytes(16).toString("hex");
    const requestId = `check-${randomUUID()}`;
    const answer = await graphqlAt(
      GATEWAY_PORT,
      {
        query: `query TracedDistrict { district(code: "310105") { name householdCount caseStats { open } visitCoverage { households } } }`,
        operationName: "TracedDistrict",
      },
      await token("demo-district-analyst"),
      { traceparent: traceparentOf(traceId), "x-request-id": requestId },
    );
    expect(answer.json.errors).toBeUndefined();
    const touched = ["gateway", ...SUBGRAPHS] as const;
    await waitFor("a log line from every process", () => touched.every((name) => requestLines(name, traceId).length > 0), 5000);
    for (const name of touched) {
      for (const line of requestLines(name, traceId)) {
        expect(line).toMatchObject({ requestId, traceId, status: 200, role: "district_analyst", errorCodes: [] });
        expect(line.durationMs).toEqual(expect.any(Number));
        // Never the caller's token or variables.
        expect(JSON.stringify(line)).not.toMatch(/Bearer|authorization|variables/i);
      }
    }
    expect(requestLines("gateway", traceId)).toEqual([expect.objectContaining({ operation: "TracedDistrict" })]);
    expect(requestLines("blocks", traceId)[0]!.operation).toMatch(/^TracedDistrict__blocks__\d+$/);

    for (const [name, port] of Object.entries(PORTS)) {
      const metrics = await http(port, "/metrics");
      expect(metrics.status).toBe(200);
      expect(metrics.text).not.toContain("Bearer");
      const samples = parsePrometheus(metrics.text);
      const counted = samples.filter(
        (sample) =>
          sample.name === "grassroots_requests_total" &&
          sample.labels.service === name &&
          sample.labels.operation?.startsWith("TracedDistrict") &&
          sample.labels.status === "200",
      );
      expect(
        counted.reduce((sum, sample) => sum + sample.value, 0),
        name,
      ).toBeGreaterThanOrEqual(1);
      expect(sampleSum(samples, "grassroots_request_duration_seconds_count", { service: name }), name).toBeGreaterThan(0);
    }
    const gateway = parsePrometheus((await http(GATEWAY_PORT, "/metrics")).text);
    for (const subgraph of SUBGRAPHS) {
      expect(
        sampleSum(gateway, "grassroots_gateway_subgraph_fetch_duration_seconds_count", { subgraph }),
        subgraph,
      ).toBeGreaterThan(0);
    }
  });
});

describe("a subgraph that stops answering", () => {
  it("makes the gateway not ready within 3 s, naming the subgraph and never its address", async () => {
    const delegates = reportedPid(output, "delegates");
    process.kill(delegates, "SIGSTOP");
    try {
      const answer = await http(GATEWAY_PORT, "/health/ready", { timeoutMs: 5000 });
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(3000);
      expect(answer.json).toEqual({
        status: "unavailable",
        subgraphs: { blocks: "ok", residents: "ok", delegates: "unavailable", escalations: "ok" },
      });
      expect(answer.text).not.toMatch(/http|127\.0\.0\.1|600\d/);
      // Alive all the same: only readiness depends on the subgraphs.
      expect((await http(GATEWAY_PORT, "/health/live")).status).toBe(200);
    } finally {
      process.kill(delegates, "SIGCONT");
    }
    await waitFor("the gateway ready again", () => ready(GATEWAY_PORT), 10_000);
  });

  it("is started again within 10 s after SIGKILL, while the gateway answers throughout", async () => {
    const gateway = reportedPid(output, "gateway");
    const blocks = reportedPid(output, "blocks");
    const failures: string[] = [];
    let polls = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        polls++;
        await http(GATEWAY_PORT, "/health/live", { timeoutMs: 1000 }).then(
          (answer) => answer.status !== 200 && failures.push(`status ${answer.status}`),
          (error: Error) => failures.push(error.message),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    process.kill(blocks, "SIGKILL");
    try {
      const back = await waitFor("blocks ready again", () => ready(PORTS.blocks), 10_000);
      expect(back).toBeLessThan(10_000);
    } finally {
      polling = false;
      await poll;
    }
    expect(output).toContain("[blocks] stopped unexpectedly (SIGKILL); starting it again in 0.5 s");
    expect(reportedPid(output, "blocks")).not.toBe(blocks);
    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(5);
    expect(reportedPid(output, "gateway")).toBe(gateway);
    expect(() => process.kill(gateway, 0)).not.toThrow();
    // And the data is back through the same gateway.
    const answer = await graphqlAt(GATEWAY_PORT, { query: DISTRICT }, await token());
    expect(answer.json).toEqual({ data: { district: { name: "Changning District (长宁区)" } } });
  });
});

describe("SIGTERM in the middle of a request", () => {
  const cases = [
    {
      name: "residents",
      headers: async () => ({ authorization: `Bearer ${await token()}`, [GATEWAY_SECRET_HEADER]: gatewaySecret }),
      query: `{ _entities(representations: [{ __typename: "Block", code: "310105001001001" }]) { ... on Block { householdCount } } }`,
      expected: { _entities: [{ householdCount: SCALES.test.householdsPerBlock }] },
    },
    {
      name: "gateway",
      headers: async () => ({ authorization: `Bearer ${await token()}` }),
      query: DISTRICT,
      expected: { district: { name: "Changning District (长宁区)" } },
    },
  ] as const;

  it.each(cases)("$name finishes the request, refuses new connections meanwhile, then exits 0", async (target) => {
    const port = PORTS[target.name];
    const pid = reportedPid(output, target.name);
    const request = slowGraphQL(port, { query: target.query }, await target.headers());
    await request.accepted;
    process.kill(pid, "SIGTERM");
    await waitFor(`${target.name} refusing new connections`, () => connectionRefused(port), 5000);
    expect(() => process.kill(pid, 0)).not.toThrow();
    request.finish();
    const answer = await request.answer;
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: target.expected });
    await waitFor(`${target.name} exiting`, () => output.includes(`[${target.name}] stopped unexpectedly (exit code 0)`), 15_000);
    // npm start then starts it again.
    await waitFor(`${target.name} ready again`, () => ready(port), 30_000);
  });
});

describe("Ctrl-C", () => {
  it("stops every process gracefully, the gateway before the subgraphs it calls", async () => {
    stack.kill("SIGINT");
    expect(await stackExit).toBe(0);
    for (const name of ["gateway", ...SUBGRAPHS]) expect(output).toContain(`[${name}] stopped (exit code 0)`);
    const stopped = (name: string) => output.indexOf(`[${name}] stopped (exit code 0)`);
    expect(stopped("gateway")).toBeLessThan(stopped("escalations"));
    expect(stopped("escalations")).toBeLessThan(stopped("blocks"));
  });
});
