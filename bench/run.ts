// `npm run bench`: the real processes, as `npm start` runs them (four subgraphs and our gateway,
// each its own Node process), with Hive Gateway as a peer on the same subgraphs. Every query is
// first checked to answer the same JSON through both gateways, then measured alone and under load
// with identical and with distinct requests; then sustained logVisit writes, counted afterwards.
//   npm run bench                                    demo scale, a fresh PGlite DATA_DIR
//   npm run bench -- --scale bench                   1,500 blocks, 300,000 households (SEED_SCALE)
//   BENCH_DATABASE_URL=postgresql://…/postgres npm run bench -- [--reuse] [--drop]
//     one database per subgraph (bench_<scale>_<subgraph>, prefix BENCH_DB_PREFIX), made afresh
//     unless --reuse (then seeded ones are used as they are); --drop drops them afterwards.
//   BENCH_SECONDS (10) per load run, BENCH_CONNECTIONS (10), BENCH_GATEWAY_PORT (else a free one).
// The report goes to stdout as markdown for bench/RESULTS.md; progress and process logs to stderr.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  DEMO_USERS,
  DISTRICT,
  demoTree,
  householdsOfBlock,
  roomDetailsOf,
  roomIdOf,
  SCALES,
  type ScaleName,
} from "@grassroots/demo-district";
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signToken } from "@grassroots/platform";
import { LOCAL_HOST, SUBGRAPHS } from "@grassroots/services";
import pg from "pg";
import { Stack } from "../scripts/stack";
import { alone, errorSummary, failureOf, type Headers, type LoadResult, load, post, residentMb } from "./load";
import { startPeer, supergraphFor } from "./peer";

const args = process.argv.slice(2);
const scaleName = (
  args.includes("--scale") ? args[args.indexOf("--scale") + 1] : (process.env.SEED_SCALE ?? "demo")
) as ScaleName;
if (!(scaleName in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(", ")}; got "${scaleName}".`);
const scale = SCALES[scaleName];
const reuse = args.includes("--reuse");
const drop = args.includes("--drop");
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const postgresUrl = process.env.BENCH_DATABASE_URL;
const dbPrefix = process.env.BENCH_DB_PREFIX ?? `bench_${scaleName}`;
const say = (line: string) => console.error(line);

// ---- The queries: a district analyst's dashboard, each with a way to make every request distinct.

const FIGURES = `fragment Figures on Jurisdiction { code
  ... on District { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Street { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Community { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
  ... on Block { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } } }`;

const tree = demoTree(scale);
const pick = <T>(items: readonly T[], i: number) => items[i % items.length]!;

interface Query {
  name: string;
  query: string;
  /** Variables of the i-th distinct request (`n` is declared by no query: it only makes the body unique). */
  distinct: (i: number) => Record<string, unknown>;
  /** Variables of the identical requests. */
  identical: Record<string, unknown>;
}

const QUERIES: Query[] = [
  { name: "`{ __typename }`", query: "{ __typename }", identical: {}, distinct: (n) => ({ n }) },
  {
    name: "one block (name, team, householdCount)",
    query: "query ($code: ID!) { block(code: $code) { name team { name role } householdCount } }",
    identical: { code: "310105001001001" },
    distinct: (n) => ({ code: pick(tree.blocks, n).code, n }),
  },
  {
    name: `district view (1 + ${tree.streets.length} streets + ${tree.communities.length} communities)`,
    query: `query ($code: ID!) { district(code: $code) { ...Figures streets { ...Figures communities { ...Figures } } } } ${FIGURES}`,
    identical: { code: DISTRICT.code },
    distinct: (n) => ({ code: DISTRICT.code, n }),
  },
  {
    name: `street drill-down (1 + ${tree.communities.length / tree.streets.length} communities + ${tree.blocks.length / tree.streets.length} blocks)`,
    query: `query ($code: ID!) { jurisdiction(code: $code) { ...Figures ... on Street { communities { ...Figures blocks { ...Figures } } } } } ${FIGURES}`,
    identical: { code: tree.streets[0]!.code },
    distinct: (n) => ({ code: pick(tree.streets, n).code, n }),
  },
  {
    name: `whole tree (${1 + tree.streets.length + tree.communities.length + tree.blocks.length} places)`,
    query: `query ($code: ID!) { district(code: $code) { ...Figures streets { ...Figures communities { ...Figures blocks { ...Figures } } } } } ${FIGURES}`,
    identical: { code: DISTRICT.code },
    distinct: (n) => ({ code: DISTRICT.code, n }),
  },
];

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

// ---- Writes: a room's staff member logs reception visits of the first block's households.

const { does: _does, ...staffClaims } = DEMO_USERS.find((user) => user.role === "room_staff")!;
const staffCommunity = String(staffClaims.place);
const WRITE_BLOCK = "310105001001001";
const writeHouseholds = householdsOfBlock(WRITE_BLOCK, scale).households;
const roomDelegates = roomDetailsOf(staffCommunity).delegates;
const LOG_VISIT = "mutation ($input: LogVisitInput!) { logVisit(input: $input) { id } }";
const VISITS_PAGE = `query ($filter: VisitFilter, $after: String) { visits(filter: $filter, first: 100, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }`;

/** The i-th visit of a write run: a new idempotency key each, occurredAt = windowStart + i ms. */
function visitInput(i: number, windowStart: number) {
  return {
    idempotencyKey: randomUUID(),
    channel: "RECEPTION",
    roomId: roomIdOf(staffCommunity),
    household: { id: pick(writeHouseholds, i).id, blockCode: WRITE_BLOCK },
    delegateIds: [pick(roomDelegates, i).id],
    category: "OPINION_OR_SUGGESTION",
    summary: `Benchmark visit ${i}: more benches along the lane.`,
    followUpNeeded: false,
    occurredAt: new Date(windowStart + i).toISOString(),
  };
}

/** Ids of the room's visits that occurred in [from, from + 1 h), read page by page through the API. */
async function visitIdsFrom(port: number, headers: Headers, from: number): Promise<string[]> {
  const filter = {
    roomId: roomIdOf(staffCommunity),
    occurredFrom: new Date(from).toISOString(),
    occurredBefore: new Date(from + 3_600_000).toISOString(),
  };
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const answer = await post(port, body(VISITS_PAGE, { filter, after }), headers);
    const failure = failureOf(answer.status, answer.text);
    if (failure) throw new Error(`counting visits: ${failure}`);
    const { visits } = JSON.parse(answer.text).data;
    ids.push(...visits.edges.map((edge: { node: { id: string } }) => edge.node.id));
    if (!visits.pageInfo.hasNextPage) return ids;
    after = visits.pageInfo.endCursor;
  }
  throw new Error("counting visits: more than 10,000 pages");
}

// ---- The machine, ports and databases.

/** A base port with itself and the next five free on 127.0.0.1 (gateway, four subgraphs, Hive). */
async function freePorts(): Promise<number> {
  if (process.env.BENCH_GATEWAY_PORT) return Number(process.env.BENCH_GATEWAY_PORT);
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer().once("error", () => resolve(false));
      server.listen(port, LOCAL_HOST, () => server.close(() => resolve(true)));
    });
  // Below Linux's ephemeral range (32768–60999), where an outgoing connection may take a port while
  // the subgraphs seed.
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 21_000 + 10 * Math.floor(Math.random() * 1000);
    const ports = Array.from({ length: 6 }, (_, i) => base + i);
    if ((await Promise.all(ports.map(free))).every(Boolean)) return base;
  }
  throw new Error("No six free ports in a row between 21000 and 31000; set BENCH_GATEWAY_PORT.");
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const databaseName = (subgraph: string) => `${dbPrefix}_${subgraph}`;

/** DATABASE_URL_<NAME> for each subgraph; the databases are made afresh unless --reuse. */
async function preparePostgres(): Promise<{ env: NodeJS.ProcessEnv; version: string }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(dbPrefix))
    throw new Error(`BENCH_DB_PREFIX must be a plain lower-case name; got "${dbPrefix}".`);
  const env: NodeJS.ProcessEnv = {};
  const version = await withAdmin(async (client) => {
    for (const subgraph of SUBGRAPHS) {
      const name = databaseName(subgraph);
      if (!reuse) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      const url = new URL(postgresUrl!);
      url.pathname = `/${name}`;
      env[`DATABASE_URL_${subgraph.toUpperCase()}`] = url.toString();
    }
    return (await client.query("SHOW server_version")).rows[0].server_version as string;
  });
  return { env, version };
}

async function dropPostgres() {
  await withAdmin(async (client) => {
    for (const subgraph of SUBGRAPHS) await client.query(`DROP DATABASE IF EXISTS "${databaseName(subgraph)}" WITH (FORCE)`);
  });
}

// ---- The run.

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${loadavg()
  .map((value) => value.toFixed(1))
  .join(" / ")} at the start`;
const port = await freePorts();
const hivePort = port + 5;
const authSecret = randomBytes(32).toString("base64url");
const gatewaySecret = randomBytes(32).toString("base64url");
let dataDir: string | undefined;
let database: string;
let databaseEnv: NodeJS.ProcessEnv;
if (postgresUrl) {
  const prepared = await preparePostgres();
  databaseEnv = prepared.env;
  database = `PostgreSQL ${prepared.version} on 127.0.0.1, databases ${databaseName("*")}${reuse ? " (reused)" : " (made afresh)"}`;
} else {
  dataDir = mkdtempSync(join(tmpdir(), "grassroots-bench-"));
  databaseEnv = { DATA_DIR: dataDir };
  database = "embedded PGlite, a fresh temporary DATA_DIR";
}
// This stack only: no subgraph URL or database from the caller's environment leaks in.
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("SUBGRAPH_URL_") && !name.startsWith("DATABASE_URL_")),
);
const env: NodeJS.ProcessEnv = {
  ...inherited,
  ...databaseEnv,
  GATEWAY_PORT: String(port),
  SEED_SCALE: scaleName,
  AUTH_SECRET: authSecret,
  GATEWAY_SECRET: gatewaySecret,
};

let exitCode = 0;
const stack = new Stack({
  env,
  log: (name, line) => say(`[${name}] ${line}`),
  onUnexpectedExit: (name, how) => {
    say(`[${name}] stopped unexpectedly (${how}); stopping the benchmark.`);
    void finish(1);
  },
  startTimeoutMs: Number(process.env.BENCH_START_TIMEOUT_SECONDS ?? 1800) * 1000,
  killAfterMs: 15_000,
});
let supergraphPath: string | undefined;

let cleanedUp: Promise<void> | undefined;
/** Stops every process and removes what this run made, once, whoever asks first; exits with the worst code. */
async function finish(code: number): Promise<never> {
  exitCode = Math.max(exitCode, code);
  cleanedUp ??= (async () => {
    await stack.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (supergraphPath) rmSync(dirname(supergraphPath), { recursive: true, force: true });
    if (postgresUrl && drop) await dropPostgres().catch((error) => say(`dropping the bench databases: ${error}`));
  })();
  await cleanedUp;
  process.exit(exitCode);
}
process.on("SIGINT", () => void finish(130));
process.on("SIGTERM", () => void finish(143));

const GATEWAYS = [
  { name: "ours", port, process: "gateway" },
  { name: "Hive", port: hivePort, process: "hive" },
] as const;

/** "gw 150 · hive 160 · blocks 200 · …" in MB, right after a run. */
function memory(): string {
  const mb = (name: string) => residentMb(stack.processes.get(name)?.pid) ?? "–";
  return ["gateway", "hive", ...SUBGRAPHS].map((name) => `${name} ${mb(name)}`).join(" · ");
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

async function main() {
  say(`Starting the stack on ${LOCAL_HOST}:${port}–${port + 4} (${scaleName} scale, ${database})…`);
  const started = Date.now();
  if (!(await stack.start())) return;
  const startSeconds = (Date.now() - started) / 1000;
  supergraphPath = supergraphFor(env);
  if (!(await startPeer(stack, { port: hivePort, supergraphPath, gatewaySecret }))) return;
  say(`Up in ${startSeconds.toFixed(1)} s (with seeding); Hive Gateway on ${LOCAL_HOST}:${hivePort}.`);

  const settings = { secret: authSecret, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE };
  const analyst = {
    authorization: `Bearer ${await signToken({ sub: "bench-analyst", role: "district_analyst", scope: DISTRICT.code }, settings)}`,
  };
  const staff = { authorization: `Bearer ${await signToken({ ...staffClaims }, settings)}` };

  const rows: string[] = [];
  const notes: string[] = [];
  for (const query of QUERIES) {
    // The same answer through both gateways: the identical request and three distinct ones.
    const checks = [query.identical, query.distinct(0), query.distinct(1), query.distinct(2)];
    let same = "yes";
    for (const variables of checks) {
      const [ours, hive] = await Promise.all(
        GATEWAYS.map((gateway) => post(gateway.port, body(query.query, variables), analyst)),
      );
      const failure = failureOf(ours!.status, ours!.text);
      if (failure) {
        same = "ERRORS";
        notes.push(`${query.name}: our gateway answered ${failure}`);
      } else if (JSON.stringify(JSON.parse(ours!.text)) !== JSON.stringify(JSON.parse(hive!.text))) {
        same = "NO";
        notes.push(
          `${query.name} ${JSON.stringify(variables)}: ours ${ours!.text.slice(0, 300)} … Hive ${hive!.text.slice(0, 300)} …`,
        );
      }
    }
    const times = new Map<string, { p50: number; p95: number }>();
    for (const gateway of GATEWAYS)
      times.set(gateway.name, await alone(gateway.port, body(query.query, query.identical), analyst));
    for (const mode of ["identical", "distinct"] as const) {
      const results = new Map<string, LoadResult>();
      for (const gateway of GATEWAYS) {
        say(`${query.name}, ${mode} requests, ${gateway.name}…`);
        const result = await load({
          port: gateway.port,
          headers: analyst,
          connections,
          seconds,
          body:
            mode === "identical"
              ? (() => {
                  const fixed = body(query.query, query.identical);
                  return () => fixed;
                })()
              : (i) => body(query.query, query.distinct(i)),
        });
        await settle();
        results.set(gateway.name, result);
        for (const sample of result.samples) notes.push(`${query.name}, ${mode}, ${gateway.name}: ${sample}`);
        const time = times.get(gateway.name)!;
        rows.push(
          `| ${query.name} | ${mode} | ${gateway.name} | ${same} | ${time.p50.toFixed(0)} / ${time.p95.toFixed(0)} | ${result.requestsPerSecond.toFixed(1)} | ${result.p99} | ${errorSummary(result)} | ${memory()} |`,
        );
      }
      const hive = results.get("Hive")!.requestsPerSecond;
      rows[rows.length - 2] += hive > 0 ? ` ${(results.get("ours")!.requestsPerSecond / hive).toFixed(2)} |` : " – |";
      rows[rows.length - 1] += " |";
    }
  }

  // Sustained writes: every request a new idempotency key; then the rows are counted through the API.
  const writeRows: string[] = [];
  for (const gateway of GATEWAYS) {
    say(`logVisit writes, ${gateway.name}…`);
    const windowStart = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
    const before = await visitIdsFrom(port, staff, windowStart);
    const stored = new Set<string>();
    let successes = 0;
    const result = await load({
      port: gateway.port,
      headers: staff,
      connections,
      seconds,
      body: (i) => body(LOG_VISIT, { input: visitInput(i, windowStart) }),
      onAnswer: (status, text) => {
        if (failureOf(status, text)) return;
        successes++;
        stored.add(JSON.parse(text).data.logVisit.id);
      },
    });
    await settle();
    for (const sample of result.samples) notes.push(`logVisit, ${gateway.name}: ${sample}`);
    const known = new Set(before);
    const added = (await visitIdsFrom(port, staff, windowStart)).filter((id) => !known.has(id));
    const allThere = [...stored].every((id) => added.includes(id));
    const verdict =
      added.length === successes && stored.size === successes && allThere
        ? "yes"
        : `NO (${added.length} rows, ${successes} successes, ${stored.size} distinct ids${allThere ? "" : ", some answered ids missing"})`;
    writeRows.push(
      `| ${gateway.name} | ${(successes / seconds).toFixed(1)} | ${result.p99} | ${errorSummary(result)} | ${added.length} | ${successes} | ${verdict} | ${memory()} |`,
    );
  }

  console.log(`## ${new Date().toISOString().slice(0, 10)} — real processes, our gateway and Hive Gateway (${scaleName} scale)

\`npm run bench${scaleName === "demo" ? "" : ` -- --scale ${scaleName}`}\`${postgresUrl ? " with `BENCH_DATABASE_URL`" : ""}. Machine: ${machine}.
Database: ${database}. Four subgraph processes and our gateway as \`npm start\` runs them (up in
${startSeconds.toFixed(1)} s, seeding included), Hive Gateway ${"2.15"} (defaults) as a fifth process on the same subgraphs.
A district analyst's token. "alone": ${20} sequential requests; load: ${connections} connections for ${seconds} s
(autocannon). Identical: the same body on every request; distinct: no two bodies alike (the place code
cycles and a request counter rides along as an undeclared variable). "same answer": both gateways
answered the same JSON to the identical request and three distinct ones. RSS in MB right after each run.

| query | requests | gateway | same answer | alone p50 / p95 ms | req/s | p99 ms | errors | RSS MB after the run | ours/Hive req/s |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Sustained \`logVisit\` writes (a room's staff member, reception visits of block ${WRITE_BLOCK}'s households, a new
idempotency key each), ${connections} connections for ${seconds} s; rows counted afterwards through \`visits\`:

| gateway | visits/s | p99 ms | errors | rows added | successful answers | nothing lost, no duplicates | RSS MB after the run |
|---|---|---|---|---|---|---|---|
${writeRows.join("\n")}
${notes.length ? `\nErrors and differences seen (samples):\n${notes.map((note) => `- ${note}`).join("\n")}\n` : ""}`);
}

try {
  await main();
} catch (error) {
  say(`The benchmark failed: ${(error as Error).stack ?? error}`);
  exitCode = 1;
}
await finish(exitCode);
