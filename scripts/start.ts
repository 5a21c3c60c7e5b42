// `npm start`: one terminal, five processes. Starts the four subgraphs (each migrates and, when
// empty, seeds its embedded database), waits until they are healthy, starts the gateway, prints
// the URLs, and on Ctrl-C stops everything.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { GATEWAY_PORT, SUBGRAPH_SERVICES } from "./services";

const HOST = "127.0.0.1";
const STARTUP_TIMEOUT_MS = 120_000;
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
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

async function waitForHealth(name: string, port: number) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(`http://${HOST}:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not become healthy on port ${port}`);
}

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
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

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

const started = Date.now();
// Escalations asks the blocks subgraph about places and departments.
const blocksUrl = `http://${HOST}:${SUBGRAPH_SERVICES[0]!.port}/graphql`;
for (const service of SUBGRAPH_SERVICES)
  run(service.name, service.entry, { PORT: String(service.port), BLOCKS_SUBGRAPH_URL: blocksUrl });
try {
  await Promise.all(SUBGRAPH_SERVICES.map((service) => waitForHealth(service.name, service.port)));
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_SERVICES.map((service) => [`SUBGRAPH_URL_${service.name.toUpperCase()}`, `http://${HOST}:${service.port}/graphql`]),
  );
  run("gateway", "gateway/src/main.ts", { PORT: String(GATEWAY_PORT), ...subgraphUrls });
  await waitForHealth("gateway", GATEWAY_PORT);
} catch (error) {
  console.error((error as Error).message);
  await stopAll(1);
}

console.log(`
Grassroots graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s.
  gateway       http://${HOST}:${GATEWAY_PORT}/graphql   <- clients use this
${SUBGRAPH_SERVICES.map((s) => `  ${s.name.padEnd(12)}  http://${HOST}:${s.port}/graphql`).join("\n")}
Data: ${process.env.DATA_DIR ?? ".data"}/ (embedded PostgreSQL via PGlite; delete it to start afresh).
Ctrl-C stops everything.`);
