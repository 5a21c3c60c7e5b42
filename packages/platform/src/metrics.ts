// Prometheus metrics (prom-client), one registry per process, served at /metrics by src/http.ts.
// Every series names its process (`service`: gateway, blocks, …), so that the in-process test graph,
// which runs all five servers in one Node process, still tells them apart. Labels a client chooses
// (operation names, error codes) are bounded here: a client cannot grow the series without end.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export const metricsRegistry = new Registry();

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const requestsTotal = new Counter({
  name: "grassroots_requests_total",
  help: "GraphQL requests answered, by process, operation name, HTTP status and lane (main or heavy).",
  labelNames: ["service", "operation", "status", "lane"] as const,
  registers: [metricsRegistry],
});

export const requestSeconds = new Histogram({
  name: "grassroots_request_duration_seconds",
  help: "Time from a GraphQL request's arrival to its answer, by process and operation name.",
  labelNames: ["service", "operation"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

export const requestErrorsTotal = new Counter({
  name: "grassroots_request_errors_total",
  help: "Errors in GraphQL answers, by process and extensions.code.",
  labelNames: ["service", "code"] as const,
  registers: [metricsRegistry],
});

export const subgraphFetchSeconds = new Histogram({
  name: "grassroots_gateway_subgraph_fetch_duration_seconds",
  help: "The gateway's calls to each subgraph, by subgraph, lane and outcome (ok or failed).",
  labelNames: ["subgraph", "lane", "outcome"] as const,
  buckets: SECONDS,
  registers: [metricsRegistry],
});

/** One subgraph call of the gateway, as measured on whichever thread made it. */
export interface FetchTiming {
  subgraph: string;
  lane: "main" | "heavy";
  outcome: "ok" | "failed";
  seconds: number;
}

export const idempotencyReplaysTotal = new Counter({
  name: "grassroots_idempotency_replays_total",
  help: "Creating mutations answered from an earlier result under the same idempotency key, by operation.",
  labelNames: ["operation"] as const,
  registers: [metricsRegistry],
});

/** What the pg pools of this thread report, read at each scrape. */
const pools = new Map<string, { totalCount: number; idleCount: number; waitingCount: number }>();

new Gauge({
  name: "grassroots_db_pool_connections",
  help: "PostgreSQL pool connections by database and state (in_use, idle, waiting: callers waiting for one).",
  labelNames: ["database", "state"] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [database, pool] of pools) {
      this.set({ database, state: "in_use" }, pool.totalCount - pool.idleCount);
      this.set({ database, state: "idle" }, pool.idleCount);
      this.set({ database, state: "waiting" }, pool.waitingCount);
    }
  },
});

/** Reports a pg pool's connections until it is forgotten (the embedded database has no pool). */
export function watchPool(database: string, pool: { totalCount: number; idleCount: number; waitingCount: number }) {
  pools.set(database, pool);
  return () => {
    if (pools.get(database) === pool) pools.delete(database);
  };
}

// Operation names are the client's: a name that is not a GraphQL name, or one more than the first
// OPERATIONS_KEPT distinct names seen, is counted under "other" (anonymous ones under "anonymous").
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const OPERATIONS_KEPT = 200;
const operationsSeen = new Set<string>();

export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!OPERATION_NAME.test(name)) return "other";
  if (operationsSeen.has(name)) return name;
  if (operationsSeen.size >= OPERATIONS_KEPT) return "other";
  operationsSeen.add(name);
  return name;
}

const ERROR_CODE = /^[A-Z][A-Z_]{0,39}$/;

/** Error codes are ours, but an error from elsewhere might carry anything: keep to the shape of ours. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === "string" && ERROR_CODE.test(code) ? code : "other";
}

/** Counts one answered GraphQL request. */
export function countRequest(
  service: string,
  request: { operationName?: string | null; status: number; seconds: number; errorCodes: readonly string[]; lane: string },
) {
  const operation = operationLabel(request.operationName);
  requestsTotal.inc({ service, operation, status: String(request.status), lane: request.lane });
  requestSeconds.observe({ service, operation }, request.seconds);
  for (const code of request.errorCodes) requestErrorsTotal.inc({ service, code: errorCodeLabel(code) });
}
