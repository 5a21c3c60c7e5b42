// Worker threads running a module of this project, from TypeScript sources or from the built
// JavaScript alike. From sources the thread registers tsx's loader before importing the module:
// Node 20 ignores `--import` in a worker's execArgv, and vitest's transform does not reach threads.
import { readdirSync, readlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { getPriority, setPriority } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapSpaceStatistics } from "node:v8";
import { parentPort, type TransferListItem, Worker } from "node:worker_threads";

/**
 * A thread's young generation, in MB (V8's default here: 48). A lane answers megabyte requests
 * whose short-lived objects (entities, rows, JSON) outgrow a small nursery at once: at the default,
 * scavenges were a quarter of a residents lane's time on the whole-tree dashboard. With 96 MB the
 * tree's p50 fell from ~310 to ~270 ms (three batches of 30 each way, one bench-scale database);
 * 192 gained nothing more (both measured with V8's parallel scavenges, before --single-threaded-gc). The
 * cost: up to 48 MB more memory per thread (a process has one lane).
 */
const YOUNG_GENERATION_MB = 96;
const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };

export function startThread(module: URL, workerData: unknown): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, { workerData, resourceLimits });
  // tsx's ESM entry lies beside the CommonJS one, which is what require resolves.
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/esm/api")), "index.mjs")).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** This module's sibling `name`, with this module's own extension (.ts from sources, .js built). */
export function siblingModule(name: string, of: string): URL {
  return new URL(`./${name}${of.endsWith(".ts") ? ".ts" : ".js"}`, of);
}

interface Pending<Answer> {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

type FromThread<Answer> = { ready: true } | { id: number; answer: Answer } | { id: number; failure: string };

/**
 * One thread answering requests (see serveThread for its side): started when first needed or by
 * start(), started again after it crashes (the requests it held fail, later ones go to the new one).
 */
export class RequestThread<Request, Answer> {
  private ready: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending<Answer>>();
  private nextId = 1;
  private stopped = false;

  constructor(
    private readonly module: URL,
    private readonly workerData: unknown,
  ) {}

  async start(): Promise<void> {
    await this.thread();
  }

  /** `moved`: buffers of the request moved to the thread rather than copied (not to be used after). */
  async request(request: Request, moved?: TransferListItem[]): Promise<Answer> {
    const worker = await this.thread();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request }, moved);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = this.ready;
    this.ready = null;
    await (await running?.catch(() => null))?.terminate();
  }

  private thread(): Promise<Worker> {
    if (this.stopped) return Promise.reject(new Error("The service is stopping."));
    if (this.ready) return this.ready;
    const ready = new Promise<Worker>((resolve, reject) => {
      const worker = startThread(this.module, this.workerData);
      worker.on("message", (message: FromThread<Answer>) => {
        if ("ready" in message) return resolve(worker);
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if ("failure" in message) pending.reject(new Error(message.failure));
        else pending.resolve(message.answer);
      });
      const lost = (error: Error) => {
        reject(error);
        if (this.ready === ready) this.ready = null;
        for (const [id, pending] of this.pending) {
          this.pending.delete(id);
          pending.reject(new Error(`A worker thread stopped: ${error.message}`));
        }
      };
      worker.on("error", lost);
      worker.on("exit", (code) => {
        if (!this.stopped) lost(new Error(`it exited with code ${code}`));
      });
    });
    this.ready = ready;
    return ready;
  }
}

/**
 * The thread's side of a RequestThread: answers each request with `answer`, once it is ready.
 * `movedOf` names the buffers of an answer that are moved to the other thread rather than copied
 * (a megabyte of JSON crosses in no time; the answer must not use them afterwards).
 */
export function serveThread<Request, Answer>(
  answer: (request: Request) => Promise<Answer>,
  movedOf?: (answer: Answer) => TransferListItem[],
) {
  const port = parentPort;
  if (!port) throw new Error("serveThread runs in a worker thread only.");
  let inFlight = 0;
  const answered = () => {
    inFlight -= 1;
    if (inFlight === 0) setImmediate(() => collectWhileIdle(() => inFlight === 0));
  };
  port.on("message", ({ id, request }: { id: number; request: Request }) => {
    inFlight += 1;
    // Through a promise even if `answer` throws at once, so every request counted is answered and uncounted.
    Promise.resolve()
      .then(() => answer(request))
      .then(
        (result) => port.postMessage({ id, answer: result }, movedOf?.(result)),
        (error: Error) => port.postMessage({ id, failure: error.message }),
      )
      .finally(answered);
  });
  port.postMessage({ ready: true });
}

/**
 * The share of a thread's young generation in use past which an idle thread empties it itself.
 * A lane's request leaves megabytes of garbage there (a whole tree: 5 to 10 MB per subgraph).
 */
export const IDLE_COLLECTION_THRESHOLD = 0.25;

type MinorCollection = (options: { type: "minor" }) => void;

/** The young generation's use and capacity now, in bytes. */
function youngGenerationUse(): { used: number; capacity: number } {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  return { used: young?.space_used_size ?? 0, capacity: (young?.space_used_size ?? 0) + (young?.space_available_size ?? 0) };
}

/**
 * A minor collection (scavenge) while the thread has nothing to answer, once its young generation
 * is a quarter full: what is left there then is garbage, so emptying it costs little. Left to V8,
 * it ran when the young generation filled, in the middle of the next heavy request, and copied that
 * request's live entities and rows: 3 to 28 ms a time, on the whole tree's critical path. V8's
 * collector is reached through `--expose-gc` (LANE_PROCESS_NODE_FLAGS); without it, V8 collects as
 * it would. Answers whether it collected.
 */
export function collectWhileIdle(
  stillIdle: () => boolean,
  collect: MinorCollection | undefined = (globalThis as { gc?: MinorCollection }).gc,
  use = youngGenerationUse,
): boolean {
  if (!collect || !stillIdle()) return false;
  const { used, capacity } = use();
  if (used <= IDLE_COLLECTION_THRESHOLD * capacity) return false;
  collect({ type: "minor" });
  return true;
}

/**
 * Lowers the calling thread's scheduling priority (nice 19 by default, the lowest) where the system allows it per thread
 * (Linux): a heavy lane then takes whatever CPU the other threads leave, and a short request never
 * waits for a core behind it. Elsewhere it does nothing; the lane still runs apart.
 */
export function yieldCpuToOtherThreads(nice = 19): void {
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>"; Linux's setpriority on a thread id is per thread.
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, nice);
  } catch {
    // Not Linux, or not allowed: the lane keeps its priority.
  }
}

/**
 * Node flags of every process of ours that runs a heavy lane (the supervisor passes them; a process
 * run alone takes them on its command line, docs/deployment.md). `--single-threaded-gc`: each
 * thread collects its own garbage. By default V8's helper threads, shared by the whole process,
 * collect a lane's garbage beside it, in parallel (lowerHelperThreads only lowers them to nice 18,
 * which counts for little against other processes on a desktop kernel's per-session groups): a heavy dashboard then
 * kept both cores busy, and a block member's one-block query beside three of them waited for a
 * core (p95 14–18 ms against 8–9 alone). Collected by the lane itself, at the lane's low priority,
 * the machine was a fifth less busy and the same query's p95 beside them 9–13 ms; the whole tree,
 * logVisit and one-block throughput measured the same either way. `--expose-gc`: a lane empties its
 * young generation between requests (collectWhileIdle) instead of in the middle of the next one.
 */
export const LANE_PROCESS_NODE_FLAGS = ["--single-threaded-gc", "--expose-gc"] as const;

/** What a process with a lane says when started without LANE_PROCESS_NODE_FLAGS. */
export const LANE_FLAGS_ADVICE = `started without ${LANE_PROCESS_NODE_FLAGS.join(" ")}: its heavy lane's garbage is collected in parallel on helper threads the whole process shares, beside short requests, and in the middle of heavy requests rather than between them (docs/deployment.md)`;

/** For a process that starts a lane (a subgraph's, the gateway's): says so when it lacks LANE_PROCESS_NODE_FLAGS. */
export function warnWithoutLaneFlags(logger: { warn(message: string): void }): void {
  // V8 takes a flag's underscores and dashes alike.
  const given = process.execArgv.map((flag) => flag.replaceAll("_", "-"));
  if (!LANE_PROCESS_NODE_FLAGS.every((flag) => given.includes(flag))) logger.warn(LANE_FLAGS_ADVICE);
}

/**
 * Lowers this process's other threads to nice 18, all but the main thread (and a lane, already
 * lower): V8's helpers (compiling, and collecting garbage when the process runs without
 * LANE_PROCESS_NODE_FLAGS), and libuv's pool threads when they exist by then, so that what they do
 * for a lane does not come back at normal priority beside a short request. The main thread keeps
 * its priority and does its own work when the helpers wait. For a lane's owner once the lane is
 * running (runSubgraph, the gateway's heavy lane); Linux only, elsewhere it does nothing.
 */
export function lowerHelperThreads(nice = 18): void {
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    return; // Not Linux: the helpers keep their priority.
  }
  for (const task of tasks) {
    const threadId = Number(task);
    if (threadId === process.pid) continue;
    try {
      if (getPriority(threadId) < nice) setPriority(threadId, nice);
    } catch {
      // Gone since listed, or not allowed: the others are still lowered.
    }
  }
}
