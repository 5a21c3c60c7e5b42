// The product's processes as `npm start` runs them: each subgraph and the gateway in its own Node
// process. The subgraphs start first (each migrates and, when empty, seeds its database); the
// gateway starts once they all answer /health. Every process finds the others through the service
// list (GATEWAY_PORT moves the whole stack), so nothing here passes addresses around.
// Used by `npm start` (scripts/start.ts) and `npm run bench` (bench/run.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { createInterface } from "node:readline";
import { databaseLocationFromEnv } from "@grassroots/platform";
import { gatewayPort, LOCAL_HOST, SUBGRAPHS, subgraphPort } from "@grassroots/services";

/** How often to say that a process is still starting (a first seed of a large district takes minutes). */
const PROGRESS_EVERY_MS = 15_000;

export interface StackOptions {
  /** The environment of every process; default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Each line a process prints, made readable; default: `[name] line` on stdout. */
  log?: (name: string, line: string) => void;
  /** A process stopped on its own (not through stop()). */
  onUnexpectedExit?: (name: string, how: string) => void;
  /** Give up waiting for a /health after this long; default: wait as long as the process lives. */
  startTimeoutMs?: number;
  /** SIGKILL a process still running this long after SIGTERM; default: wait for it. */
  killAfterMs?: number;
}

export class Stack {
  readonly processes = new Map<string, ChildProcess>();
  private stopping = false;
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: (name: string, line: string) => void;

  constructor(private readonly options: StackOptions = {}) {
    this.env = options.env ?? process.env;
    this.log = options.log ?? ((name, line) => console.log(`[${name}] ${line}`));
    // Whatever ends this process, no child outlives it.
    process.once("exit", () => {
      for (const child of this.processes.values()) if (isRunning(child)) child.kill("SIGKILL");
    });
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Starts `node --import tsx <entry>` with the stack's environment (plus `env`). */
  run(name: string, entry: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      env: { ...this.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.processes.set(name, child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => this.log(name, readable(line)));
    }
    child.on("exit", (code, signal) => {
      if (this.stopping) return;
      this.options.onUnexpectedExit?.(name, signal ?? `exit code ${code}`);
    });
    return child;
  }

  /** The four subgraphs, then the gateway; true once all answer /health, false if stopped first. */
  async start(): Promise<boolean> {
    for (const name of SUBGRAPHS) this.run(name, `subgraphs/${name}/src/main.ts`);
    const subgraphs = await Promise.all(SUBGRAPHS.map((name) => this.waitForHealth(name, subgraphPort(name, this.env))));
    if (!subgraphs.every(Boolean)) return false;
    this.run("gateway", "gateway/src/main.ts");
    return this.waitForHealth("gateway", gatewayPort(this.env));
  }

  /**
   * Waits as long as the process lives (a slow first seed is not a dead service) or until
   * startTimeoutMs: true when healthy, false when the stack is stopping.
   */
  async waitForHealth(name: string, port: number, path = "/health"): Promise<boolean> {
    const started = Date.now();
    let lastWord = started;
    while (!this.stopping) {
      if (await healthy(port, path)) return true;
      if (Date.now() - started > (this.options.startTimeoutMs ?? Number.POSITIVE_INFINITY)) {
        throw new Error(`${name} did not answer ${path} on port ${port} within ${Math.round((Date.now() - started) / 1000)} s.`);
      }
      if (Date.now() - lastWord >= PROGRESS_EVERY_MS) {
        lastWord = Date.now();
        this.log(name, `still starting after ${Math.round((lastWord - started) / 1000)} s (migrating or seeding)…`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  }

  /** SIGTERM to every process; resolves when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (!isRunning(child)) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            if (this.options.killAfterMs !== undefined) {
              setTimeout(() => isRunning(child) && child.kill("SIGKILL"), this.options.killAfterMs).unref();
            }
          }),
      ),
    );
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Pino's JSON lines, shortened for a person at a terminal. */
export function readable(line: string): string {
  try {
    const { msg, level, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const details = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
    return `${level >= 50 ? "ERROR " : level >= 40 ? "WARN " : ""}${msg}${details}`;
  } catch {
    return line;
  }
}

/** GET /health with node:http: fetch refuses some ports outright (6000, 6665–6669, …). */
export function healthy(port: number, path = "/health"): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: LOCAL_HOST, port, path, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/** Where the subgraphs keep their data, as a person reading the banner needs to know. */
export function databasesInUse(env: NodeJS.ProcessEnv = process.env): string {
  const locations = SUBGRAPHS.map((name) => databaseLocationFromEnv(name, env));
  const onPostgres = locations.filter((location) => "url" in location).length;
  if (onPostgres === SUBGRAPHS.length) return "PostgreSQL (DATABASE_URL_<SUBGRAPH>)";
  const embedded = `embedded PostgreSQL via PGlite under ${env.DATA_DIR ?? ".data"}/ (delete it to start afresh)`;
  return onPostgres === 0 ? embedded : `${onPostgres} subgraphs on PostgreSQL, the others ${embedded}`;
}
