// `npm start` as a user runs it, on ports that are not the defaults: every process must find the
// others through the one service list. GATEWAY_PORT=6000 also puts the gateway on a port that
// Node's fetch refuses ("bad port"), so the health checks must not use fetch.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { householdsOfBlock, SCALES } from "@grassroots/demo-district";
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signToken } from "@grassroots/platform";
import { createTestDatabase, type TestDatabase } from "@grassroots/platform/testing";
import { SUBGRAPHS } from "@grassroots/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser } from "./support/users";

const GATEWAY_PORT = 6000;
const secret = randomBytes(32).toString("base64url");
const dataDir = mkdtempSync(join(tmpdir(), "grassroots-start-"));
let stack: ChildProcess;
let output = "";
// With TEST_DATABASE_URL (CI's second run) the stack runs on PostgreSQL, one database per subgraph.
let databases: TestDatabase[] = [];

/** POST a GraphQL request with node:http (fetch refuses port 6000). */
function post(port: number, body: unknown, token: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

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
      SEED_SCALE: "test",
      AUTH_SECRET: secret,
      LOG_LEVEL: "warn",
      ...databaseUrls,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stack.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  stack.stderr?.on("data", (chunk) => {
    output += chunk;
  });
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
    const exited = new Promise((resolve) => stack.once("exit", resolve));
    stack.kill("SIGINT");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await Promise.all(databases.map((database) => database.drop()));
});

describe("npm start with GATEWAY_PORT=6000", () => {
  it("puts every subgraph on the next four ports and says where the data is", () => {
    for (const [name, port] of [
      ["blocks", 6001],
      ["residents", 6002],
      ["delegates", 6003],
      ["escalations", 6004],
    ]) {
      expect(output).toMatch(new RegExp(`${name}\\s+http://127\\.0\\.0\\.1:${port}/graphql`));
    }
    expect(output).toContain(`gateway       http://127.0.0.1:${GATEWAY_PORT}/graphql`);
    expect(output).toContain(
      databases.length ? "Data: PostgreSQL (DATABASE_URL_<SUBGRAPH>)." : `embedded PostgreSQL via PGlite under ${dataDir}/`,
    );
  });

  it("wires escalations' household look-ups to this stack's residents subgraph", async () => {
    const token = await signToken(demoUser("demo-block-member"), { secret, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
    const block = "310105001001001";
    const household = householdsOfBlock(block, SCALES.test).households[0]!;
    const raised = await post(
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
      token,
    );
    expect(raised.json.errors).toBeUndefined();
    expect(raised.json.data.raiseCase).toMatchObject({ tier: "BLOCK", holderCode: block, household: { id: household.id } });
  });
});
