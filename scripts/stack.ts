// The product's processes as `npm start` runs them: each subgraph and the gateway in its own Node
// process. The subgraphs start first (each migrates and, when asked, seeds its database); the
// gateway starts once they all answer /health/ready. Every process finds the others through the
// service list (GATEWAY_PORT moves the whole stack), so nothing here passes addresses around.
// Once up, a process that crashes is started again with back-off while the others keep serving
// (`restart`); stop() stops callers before what they call, each gracefully (SIGTERM).
// Used by `npm start` (scripts/start.ts) and `npm run bench` (bench/run.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { databaseLocationFromEnv, EXIT_CONFIG, LANE_PROCESS_NODE_FLAGS } from "@grassroots/platform";
import { gatewayPort, LOCAL_HOST, reachableHost, SUBGRAPHS, subgraphPort } from "@grassroots/services";

/** How often to say that a process is still starting (a first seed of a large district takes minutes). */
const PROGRESS_EVERY_MS = 15_000;
const ROOT = join(import.meta.dirname, "..");

export interface RestartPolicy {
  /** Wait before the first restart; doubled after each restart up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that ran this long before it stopped starts again after initialDelayMs. */
  resetAfterMs: number;
}

/** `npm start`'s: 0.5 s, 1 s, 2 s … 10 s; back to 0.5 s after a process stayed up for 30 s. */
export const RESTART_WITH_BACKOFF: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, resetAfterMs: 30_000 };

export interface StackOptions {
  /** The environment of every process; default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Each line a process prints, made readable; default: `[name] line` on stdout. */
  log?: (name: string, line: string) => void;
  /**
   * A process stopped on its own (not through stop()): before the stack was up, with a bad
   * configuration, or any time when there is no restart policy.
   */
  onUnexpectedExit?: (name: string, how: string) => void;
  /** Start a process that stops on its own again, once the stack is up; default: no restarts. */
  restart?: RestartPolicy;
  /** Run the built output (`npm run build`: dist/*.js) with plain node instead of the sources with tsx. */
  built?: boolean;
  /** Give up waiting for a /health after this long; default: wait as long as the process lives. */
  startTimeoutMs?: number;
  /** SIGKILL a process still running this long after SIGTERM; default: wait for it. */
  killAfterMs?: number;
}

export interface RunOptions {
  /** Added to the stack's environment. */
  env?: NodeJS.ProcessEnv;
  /** Where its /health answers, for a restart's wait. */
  port?: number;
  nodeFlags?: readonly string[];
}

interface Supervised {
  entry: string;
  env: NodeJS.ProcessEnv;
  nodeFlags: readonly string[];
  port?: number;
  startedAt: number;
  /** The wait before the next restart. */
  delayMs?: number;
  restartTimer?: NodeJS.Timeout;
}

export class Stack {
  readonly processes = new Map<string, ChildProcess>();
  private readonly supervised = new Map<string, Supervised>();
  private stopping = false;
  private up = false;
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

  /**
   * Starts `node <nodeFlags> <entry>` (`node <nodeFlags> --import tsx <entry>` for TypeScript) with
   * the stack's environment (plus `env`). Ours run with LANE_PROCESS_NODE_FLAGS (start()); a peer
   * measured beside them (the benchmark's) with Node's defaults.
   */
  run(name: string, entry: string, { env = {}, port, nodeFlags = [] }: RunOptions = {}): ChildProcess {
    const source = entry.endsWith(".ts") ? ["--import", "tsx", entry] : [entry];
    const child = spawn(process.execPath, [...nodeFlags, ...source], {
      env: { ...this.env, ...env },
      // A channel tells the process when this supervisor is gone (it then stops by itself); its own
      // process group keeps a Ctrl-C at the terminal for the supervisor, which stops everything in order.
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    const previous = this.supervised.get(name);
    this.supervised.set(name, { ...previous, entry, env, nodeFlags, port: port ?? previous?.port, startedAt: Date.now() });
    this.processes.set(name, child);
    this.log(name, `started (pid ${child.pid})`);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on("line", (line) => this.log(name, readable(line)));
    }
    child.on("exit", (code, signal) => this.exited(name, child, signal ?? `exit code ${code}`, code));
    return child;
  }

  /** The four subgraphs, then the gateway; true once all answer /health/ready, false if stopped first. */
  async start(): Promise<boolean> {
    for (const name of SUBGRAPHS) {
      this.run(name, this.entry(`subgraphs/${name}`), { port: subgraphPort(name, this.env), nodeFlags: LANE_PROCESS_NODE_FLAGS });
    }
    const subgraphs = await Promise.all(SUBGRAPHS.map((name) => this.waitForHealth(name, subgraphPort(name, this.env))));
    if (!subgraphs.every(Boolean)) return false;
    this.run("gateway", this.entry("gateway"), { port: gatewayPort(this.env), nodeFlags: LANE_PROCESS_NODE_FLAGS });
    this.up = await this.waitForHealth("gateway", gatewayPort(this.env));
    return this.up;
  }

  private entry(workspace: string): string {
    return join(ROOT, workspace, this.options.built ? "dist/main.js" : "src/main.ts");
  }

  /**
   * Waits as long as the process lives (a slow first seed is not a dead service) or until
   * startTimeoutMs: true when healthy, false when it stopped or the stack is stopping.
   */
  async waitForHealth(name: string, port: number, path = "/health/ready"): Promise<boolean> {
    const child = this.processes.get(name);
    const started = Date.now();
    let lastWord = started;
    while (!this.stopping && child && isRunning(child)) {
      if (await healthy(port, path, reachableHost(this.env))) return true;
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

  private exited(name: string, child: ChildProcess, how: string, code: number | null) {
    if (this.stopping || this.processes.get(name) !== child) return;
    const policy = this.options.restart;
    const state = this.supervised.get(name);
    if (!policy || !this.up || !state || code === EXIT_CONFIG) {
      this.options.onUnexpectedExit?.(name, code === EXIT_CONFIG ? "its configuration is invalid" : how);
      return;
    }
    const delayMs =
      state.delayMs === undefined || Date.now() - state.startedAt >= policy.resetAfterMs ? policy.initialDelayMs : state.delayMs;
    state.delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
    this.log(name, `stopped unexpectedly (${how}); starting it again in ${delayMs / 1000} s`);
    state.restartTimer = setTimeout(async () => {
      if (this.stopping) return;
      this.run(name, state.entry, { env: state.env, nodeFlags: state.nodeFlags });
      if (state.port !== undefined && (await this.waitForHealth(name, state.port))) this.log(name, "ready again");
    }, delayMs);
  }

  /** SIGTERM to every process, callers before what they call; resolves when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const state of this.supervised.values()) clearTimeout(state.restartTimer);
    // The gateway (and anything else started beside the subgraphs) first, then the subgraphs that ask
    // others through the directory, then those they ask: nobody's request in flight loses its callee.
    const others = [...this.processes.keys()].filter((name) => !(SUBGRAPHS as readonly string[]).includes(name));
    for (const tier of [others, ["delegates", "escalations"], ["blocks", "residents"]]) {
      await Promise.all(tier.map((name) => this.stopOne(name)));
    }
  }

  private stopOne(name: string): Promise<void> {
    const child = this.processes.get(name);
    return new Promise<void>((resolve) => {
      if (!child || !isRunning(child)) return resolve();
      child.once("exit", (code, signal) => {
        this.log(name, `stopped (${signal ?? `exit code ${code}`})`);
        resolve();
      });
      child.kill("SIGTERM");
      if (this.options.killAfterMs !== undefined) {
        setTimeout(() => isRunning(child) && child.kill("SIGKILL"), this.options.killAfterMs).unref();
      }
    });
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

/** GET a health path with node:http: fetch refuses some ports outright (6000, 6665–6669, …). */
export function healthy(port: number, path = "/health/ready", host = LOCAL_HOST): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: host.replace(/^\[|\]$/g, ""), port, path, timeout: 2000 }, (response) => {
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
