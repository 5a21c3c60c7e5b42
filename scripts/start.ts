// `npm start`: one terminal, five processes. Starts the four subgraphs (each migrates and, when
// empty, seeds its database), waits until they answer /health, starts the gateway, prints the
// URLs, and on Ctrl-C stops everything. Every process finds the others through the service list
// (GATEWAY_PORT moves the whole stack), so nothing here passes addresses around.
import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { createInterface } from "node:readline";
import { databaseLocationFromEnv } from "@grassroots/platform";
import { gatewayPort, LOCAL_HOST, SUBGRAPHS, subgraphPort } from "@grassroots/services";

/** How often to say that a process is still starting (a first seed of a large district takes minutes). */
const PROGRESS_EVERY_MS = 15_000;
const children = new Map<string, ChildProcess>();
let stopping = false;

function run(name: string, entry: string) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => console.log(`[${name}] ${readable(line)}`));
  }
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[${name}] stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.`);
    void stopAll(1);
  });
}

/** Pino's JSON lines, shortened for a person at a terminal. */
function readable(line: string): string {
  try {
    const { msg, level, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const details = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
    return `${level >= 50 ? "ERROR " : level >= 40 ? "WARN " : ""}${msg}${details}`;
  } catch {
    return line;
  }
}

/** GET /health with node:http: fetch refuses some ports outright (6000, 6665–6669, …). */
function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: LOCAL_HOST, port, path: "/health", timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/** Waits as long as the process lives: a slow first seed is not a dead service; an exit stops everything. */
async function waitForHealth(name: string, port: number) {
  const started = Date.now();
  let lastWord = started;
  while (!stopping) {
    if (await healthy(port)) return;
    if (Date.now() - lastWord >= PROGRESS_EVERY_MS) {
      lastWord = Date.now();
      console.log(`[${name}] still starting after ${Math.round((lastWord - started) / 1000)} s (migrating or seeding)…`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  process.exit(exitCode);
}

/** Where the subgraphs keep their data, as a person reading the banner needs to know. */
function databasesInUse(): string {
  const locations = SUBGRAPHS.map((name) => databaseLocationFromEnv(name));
  const onPostgres = locations.filter((location) => "url" in location).length;
  if (onPostgres === SUBGRAPHS.length) return "PostgreSQL (DATABASE_URL_<SUBGRAPH>)";
  const embedded = `embedded PostgreSQL via PGlite under ${process.env.DATA_DIR ?? ".data"}/ (delete it to start afresh)`;
  return onPostgres === 0 ? embedded : `${onPostgres} subgraphs on PostgreSQL, the others ${embedded}`;
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

const started = Date.now();
for (const name of SUBGRAPHS) run(name, `subgraphs/${name}/src/main.ts`);
await Promise.all(SUBGRAPHS.map((name) => waitForHealth(name, subgraphPort(name))));
run("gateway", "gateway/src/main.ts");
await waitForHealth("gateway", gatewayPort());

if (!stopping) {
  console.log(`
Grassroots graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s.
  gateway       http://${LOCAL_HOST}:${gatewayPort()}/graphql   <- clients use this
${SUBGRAPHS.map((name) => `  ${name.padEnd(12)}  http://${LOCAL_HOST}:${subgraphPort(name)}/graphql`).join("\n")}
Data: ${databasesInUse()}.
Ctrl-C stops everything.`);
}
