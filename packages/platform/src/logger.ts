import { isMainThread } from "node:worker_threads";
import { type DestinationStream, pino } from "pino";

// On a process's main thread, every logger writes through one asynchronous destination: lines logged
// together go out in one write rather than a system call each (a request's line cost 4% of the
// gateway's CPU on the smallest query written synchronously), and one writer never interleaves with
// another. pino flushes what is left when the process exits, and writes a fatal line at once.
let stdout: DestinationStream | undefined;

/**
 * One JSON logger per process, at the level of its configuration (LOG_LEVEL, read with the rest at
 * start); tools and tests without one take LOG_LEVEL as it is (silent in tests).
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info") {
  if (!isMainThread) return pino({ name, level });
  stdout ??= pino.destination({ dest: 1, sync: false });
  return pino({ name, level }, stdout);
}

export type { Logger } from "pino";
