import { pino } from "pino";

/**
 * One JSON logger per process, at the level of its configuration (LOG_LEVEL, read with the rest at
 * start); tools and tests without one take LOG_LEVEL as it is (silent in tests).
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info") {
  return pino({ name, level });
}

export type { Logger } from "pino";
