import { pino } from "pino";

/** One JSON logger per process; LOG_LEVEL=silent in tests, debug when chasing a problem. */
export function createLogger(name: string) {
  return pino({ name, level: process.env.LOG_LEVEL ?? "info" });
}

export type { Logger } from "pino";
