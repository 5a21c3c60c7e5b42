// `npm run bench`: the real processes, as `npm start` runs them (four subgraphs and our gateway,
// each its own Node process), with Hive Gateway as a peer on the same subgraphs. Every query is
// first checked to answer the same JSON through both gateways, then all are measured alone, in
// turns, and each under load with identical and with distinct requests (ours, Hive, Hive, ours);
// then sustained logVisit writes, counted afterwards.
//   npm run bench                                    demo scale, a fresh PGlite DATA_DIR
//   npm run bench -- --scale bench                   1,500 blocks, 300,000 households (SEED_SCALE)
//   BENCH_DATABASE_URL=postgresql://…/postgres npm run bench -- [--reuse] [--drop]
//     one database per subgraph (bench_<scale>_<subgraph>, prefix BENCH_DB_PREFIX), made afresh
//     unless --reuse (then seeded ones are used as they are); --drop drops them afterwards.
//   BENCH_SECONDS (10) per gateway and load (two runs of half), BENCH_CONNECTIONS (10), BENCH_GATEWAY_PORT (else a free one).
// The report goes to stdout as markdown for bench/RESULTS.md; progress and process logs to stderr.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { DEMO_USERS, DISTRICT, SCALES, type ScaleName } from "@grassroots/demo-district";
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signToken } from "@grassroots/platform";
import { LOCAL_HOST, SUBGRAPHS } from "@grassroots/services";
import pg from "pg";
import { Stack } from "../scripts/stack";
import { aloneInTurns, combined, cpuMs, errorSummary, failureOf, type LoadResult, load, post, residentMb } from "./load";
import { startPeer, supergraphFor } from "./peer";
import { body, dashboardQueries, type Query } from "./queries";
import { WRITE_BLOCK, writeBench } from "./writes";

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

// BENCH_QUERIES=block,district measures only those queries (keys in bench/queries.ts), and
// BENCH_PARTS=reads skips the writes and the fairness run: for a quick comparison while working.
// The numbers recorded in bench/RESULTS.md come from full runs.
const onlyQueries = process.env.BENCH_QUERIES?.split(",").filter(Boolean);
const QUERIES = dashboardQueries(scale).filter((query) => !onlyQueries || onlyQueries.includes(query.key));
const parts = new Set((process.env.BENCH_PARTS ?? "reads,writes,fairness").split(","));
const { does: _does, ...staffClaims } = DEMO_USERS.find((user) => user.role === "room_staff")!;
const measureWrites = writeBench(scale, String(staffClaims.place));

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

/**
 * Rounds of every query alone through each gateway, in turns. The p95 of 30 was the second-slowest
 * request: one stray pause of the machine moved a ratio target across its line (the whole tree
 * ÷ the one block: 9.6 to 14.3 in five runs of much the same code). Of 100 it is the sixth-slowest.
 */
const ALONE_ROUNDS = 100;

const GATEWAYS = [
  { name: "ours", port, process: "gateway" },
  { name: "Hive", port: hivePort, process: "hive" },
] as const;

/** "gw 150 · hive 160 · blocks 200 · …" in MB, right after a run. */
function memory(): string {
  const mb = (name: string) => residentMb(stack.processes.get(name)?.pid) ?? "–";
  return ["gateway", "hive", ...SUBGRAPHS].map((name) => `${name} ${mb(name)}`).join(" · ");
}

/** Seeds every database as `npm run seed` does, in its own process; answers its report and the seconds taken. */
async function seed(): Promise<{ seconds: number; lines: string[] }> {
  const started = Date.now();
  const lines: string[] = [];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "..", "scripts", "seed.ts"), "--scale", scaleName],
    {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line.trim());
    say(`[seed] ${line}`);
  });
  // The benchmark stopped while seeding stops the seed (which stops its four processes).
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  process.off("exit", stop);
  if (code !== 0) throw new Error(`seeding failed (exit code ${code})`);
  return { seconds: (Date.now() - started) / 1000, lines };
}

/** bench/fairness.ts against our gateway, in its own process; answers its markdown. */
async function fairnessReport(): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "fairness.ts"), "--url", `http://${LOCAL_HOST}:${port}/graphql`],
    { env, stdio: ["ignore", "pipe", "inherit"] },
  );
  let report = "";
  child.stdout.on("data", (chunk) => {
    report += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return code === 0 ? report.trim() : `Fairness: the measurement failed (exit code ${code}).`;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

async function main() {
  say(`Starting the stack on ${LOCAL_HOST}:${port}–${port + 4} (${scaleName} scale, ${database})…`);
  const seeded = await seed();
  const started = Date.now();
  if (!(await stack.start())) return;
  const startSeconds = (Date.now() - started) / 1000;
  supergraphPath = supergraphFor(env);
  if (!(await startPeer(stack, { port: hivePort, supergraphPath, gatewaySecret }))) return;
  say(
    `Up in ${startSeconds.toFixed(1)} s after seeding in ${seeded.seconds.toFixed(1)} s; Hive Gateway on ${LOCAL_HOST}:${hivePort}.`,
  );

  const settings = { secret: authSecret, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE };
  const analyst = {
    authorization: `Bearer ${await signToken({ sub: "bench-analyst", role: "district_analyst", scope: DISTRICT.code }, settings)}`,
  };
  const staff = { authorization: `Bearer ${await signToken({ ...staffClaims }, settings)}` };

  const rows: string[] = [];
  const notes: string[] = [];
  const rates = new Map<string, number>();
  const reads = parts.has("reads") ? QUERIES : [];
  // The same answer through both gateways: the identical request and three distinct ones.
  const same = new Map<Query["key"], string>();
  for (const query of reads) {
    same.set(query.key, "yes");
    for (const variables of [query.identical, query.distinct(0), query.distinct(1), query.distinct(2)]) {
      const [ours, hive] = await Promise.all(
        GATEWAYS.map((gateway) => post(gateway.port, body(query.query, variables), analyst)),
      );
      const failure = failureOf(ours!.status, ours!.text);
      if (failure) {
        same.set(query.key, "ERRORS");
        notes.push(`${query.name}: our gateway answered ${failure}`);
      } else if (JSON.stringify(JSON.parse(ours!.text)) !== JSON.stringify(JSON.parse(hive!.text))) {
        same.set(query.key, "NO");
        notes.push(
          `${query.name} ${JSON.stringify(variables)}: ours ${ours!.text.slice(0, 300)} … Hive ${hive!.text.slice(0, 300)} …`,
        );
      }
    }
  }
  // Every query through both gateways alone, in turns (see aloneInTurns): the ratios between
  // queries and between gateways are of requests timed in the same minutes.
  say(`every query alone, ${ALONE_ROUNDS} rounds in turns…`);
  const alone = await aloneInTurns(
    reads.flatMap((query) =>
      GATEWAYS.map((gateway) => ({
        key: `${query.key}:${gateway.name}`,
        port: gateway.port,
        body: body(query.query, query.identical),
      })),
    ),
    analyst,
    ALONE_ROUNDS,
  );
  const aloneP95 = new Map(reads.map((query) => [query.key, alone.get(`${query.key}:ours`)!.p95]));

  /** One load run of a query through one gateway, with the gateway process's CPU per answer. */
  async function loadRun(query: Query, mode: "identical" | "distinct", gateway: (typeof GATEWAYS)[number], runSeconds: number) {
    const gatewayPid = stack.processes.get(gateway.process)?.pid;
    const cpuBefore = cpuMs(gatewayPid);
    const fixed = body(query.query, query.identical);
    const result = await load({
      port: gateway.port,
      headers: analyst,
      connections,
      seconds: runSeconds,
      body: mode === "identical" ? () => fixed : (i) => body(query.query, query.distinct(i)),
    });
    const cpuAfter = cpuMs(gatewayPid);
    await settle();
    return { result, cpu: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null };
  }

  for (const query of reads) {
    for (const mode of ["identical", "distinct"] as const) {
      // Ours, Hive, Hive, ours, half the time each: a machine slowing (or speeding up) through the
      // four runs weighs on both gateways alike, where one run after the other gave it to the second.
      const runs = new Map<string, Awaited<ReturnType<typeof loadRun>>[]>(GATEWAYS.map((gateway) => [gateway.name, []]));
      for (const gateway of [GATEWAYS[0], GATEWAYS[1], GATEWAYS[1], GATEWAYS[0]]) {
        say(`${query.name}, ${mode} requests, ${gateway.name}…`);
        runs.get(gateway.name)!.push(await loadRun(query, mode, gateway, seconds / 2));
      }
      const results = new Map<string, LoadResult>();
      for (const gateway of GATEWAYS) {
        const [first, second] = runs.get(gateway.name)!;
        const result = combined(first!.result, second!.result);
        results.set(gateway.name, result);
        rates.set(`${query.key}:${mode}:${gateway.name}`, result.requestsPerSecond);
        // The gateway process's own CPU per answered request: steadier than req/s on a shared machine.
        const cpuPerRequest =
          first!.cpu !== null && second!.cpu !== null && result.answers > 0
            ? ((first!.cpu + second!.cpu) / result.answers).toFixed(2)
            : "–";
        for (const sample of result.samples) notes.push(`${query.name}, ${mode}, ${gateway.name}: ${sample}`);
        const time = alone.get(`${query.key}:${gateway.name}`)!;
        rows.push(
          `| ${query.name} | ${mode} | ${gateway.name} | ${same.get(query.key)} | ${time.p50.toFixed(0)} / ${time.p95.toFixed(0)} | ${result.requestsPerSecond.toFixed(1)} | ${result.p99} | ${errorSummary(result)} | ${cpuPerRequest} | ${memory()} |`,
        );
      }
      const hive = results.get("Hive")!.requestsPerSecond;
      rows[rows.length - 2] += hive > 0 ? ` ${(results.get("ours")!.requestsPerSecond / hive).toFixed(2)} |` : " – |";
      rows[rows.length - 1] += " |";
    }
  }

  // Sustained writes: every request a new idempotency key; abandoned ones resent; rows counted.
  const writeRows: string[] = [];
  const writeRates = new Map<string, number>();
  // Warm-up, unmeasured, through each gateway in turn: the first writes after the reads paid for
  // cold caches and pools (48 visits/s, then 109 in a second run against the same stack), which fell
  // on whichever gateway went first.
  for (const gateway of parts.has("writes") ? GATEWAYS : []) {
    const windowStart = Math.floor((Date.now() - (gateway.name === "ours" ? 4 : 5) * 3_600_000) / 1000) * 1000;
    await measureWrites({ port: gateway.port, headers: staff, connections, seconds: 3, windowStart });
  }
  for (const gateway of parts.has("writes") ? GATEWAYS : []) {
    say(`logVisit writes, ${gateway.name}…`);
    const windowStart = Math.floor((Date.now() - (gateway.name === "ours" ? 2 : 3) * 3_600_000) / 1000) * 1000;
    const writes = await measureWrites({ port: gateway.port, headers: staff, connections, seconds, windowStart });
    await settle();
    for (const sample of writes.load.samples) notes.push(`logVisit, ${gateway.name}: ${sample}`);
    writeRates.set(gateway.name, writes.successes / seconds);
    writeRows.push(
      `| ${gateway.name} | ${(writes.successes / seconds).toFixed(1)} | ${writes.load.p99} | ${errorSummary(writes.load)} | ${writes.resent} (${writes.resentStored} stored) | ${writes.sent} | ${writes.rowsAdded} | ${writes.verdict} | ${memory()} |`,
    );
  }

  say("fairness: a block member beside the heaviest allowed analyst queries…");
  const fairness = parts.has("fairness") ? await fairnessReport() : "Fairness: not measured in this run (BENCH_PARTS).";
  const summary = mustShow({ aloneP95, rates, writeRates });
  console.log(`## ${new Date().toISOString().slice(0, 10)} — real processes, our gateway and Hive Gateway (${scaleName} scale)

\`npm run bench${scaleName === "demo" ? "" : ` -- --scale ${scaleName}`}\`${postgresUrl ? " with `BENCH_DATABASE_URL`" : ""}. Machine: ${machine}.
Database: ${database}. Seeding (\`npm run seed\`, its own process, before the stack starts): ${seeded.seconds.toFixed(1)} s
(${seeded.lines.filter((line) => /^\w+: /.test(line)).join("; ") || "nothing to seed"}). Four subgraph processes and our
gateway as \`npm start\` runs them (up in ${startSeconds.toFixed(1)} s), Hive Gateway ${"2.15"} (defaults) as a fifth process on the same subgraphs.
A district analyst's token. "alone": ${ALONE_ROUNDS} rounds after two to warm up, each sending every query through each
gateway once, one request at a time (so every ratio is of requests timed in the same minutes); load: ${connections}
connections (autocannon) in four runs of ${seconds / 2} s, ours, Hive, Hive, ours, each gateway's two runs taken together
(${seconds} s each, a drift of the machine's speed falling on both alike). Identical: the same body on every request; distinct: no two bodies alike (the place code
cycles and a request counter rides along as an undeclared variable). "same answer": both gateways
answered the same JSON to the identical request and three distinct ones. RSS in MB right after the runs (a query and mode: its four runs).

${summary}

| query | requests | gateway | same answer | alone p50 / p95 ms | req/s | p99 ms | errors | gateway CPU ms per request | RSS MB after the runs | ours/Hive req/s |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Sustained \`logVisit\` writes (a room's staff member, reception visits of block ${WRITE_BLOCK}'s households, a new
idempotency key each), ${connections} connections for ${seconds} s; then every request left unanswered when the
window closed is sent again with its key (a phone's retry), and the rows are counted through \`visits\`:

| gateway | visits/s | p99 ms | errors | unanswered, resent with the same key | keys sent | rows added | nothing lost, no duplicates | RSS MB after the run |
|---|---|---|---|---|---|---|---|---|
${writeRows.join("\n")}

${fairness}
${notes.length ? `\nErrors and differences seen (samples):\n${notes.map((note) => `- ${note}`).join("\n")}\n` : ""}`);
}

/** The issue's targets, each with the figure this run measured. */
function mustShow(run: { aloneP95: Map<Query["key"], number>; rates: Map<string, number>; writeRates: Map<string, number> }) {
  // No figure (–) when either side is missing or zero (a run too short to finish one request).
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? a / b : Number.NaN);
  const block = run.aloneP95.get("block");
  const versusHive = (key: Query["key"], mode: string) =>
    ratio(run.rates.get(`${key}:${mode}:ours`), run.rates.get(`${key}:${mode}:Hive`));
  const lines: [string, number, (value: number) => boolean][] = [
    ["district view alone p95 ÷ one block alone p95 (≤ 4)", ratio(run.aloneP95.get("district"), block), (v) => v <= 4],
    ["whole tree alone p95 ÷ one block alone p95 (≤ 10)", ratio(run.aloneP95.get("tree"), block), (v) => v <= 10],
    ["district view req/s, ours ÷ Hive, identical (≥ 1)", versusHive("district", "identical"), (v) => v >= 1],
    ["district view req/s, ours ÷ Hive, distinct (≥ 1)", versusHive("district", "distinct"), (v) => v >= 1],
    ["one block req/s, ours ÷ Hive, identical (≥ 1)", versusHive("block", "identical"), (v) => v >= 1],
    ["one block req/s, ours ÷ Hive, distinct (≥ 1)", versusHive("block", "distinct"), (v) => v >= 1],
    [
      "logVisit visits/s ÷ one block (distinct) req/s, ours (≥ 0.5)",
      ratio(run.writeRates.get("ours"), run.rates.get("block:distinct:ours")),
      (v) => v >= 0.5,
    ],
  ];
  return `| target | this run | met |\n|---|---|---|\n${lines
    .map(([name, value, met]) =>
      Number.isFinite(value) ? `| ${name} | ${value.toFixed(2)} | ${met(value) ? "yes" : "NO"} |` : `| ${name} | – | – |`,
    )
    .join("\n")}`;
}

try {
  await main();
} catch (error) {
  say(`The benchmark failed: ${(error as Error).stack ?? error}`);
  exitCode = 1;
}
await finish(exitCode);
