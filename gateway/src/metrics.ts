// The gateway's own metrics beside the shared ones (packages/platform/src/metrics.ts): its heavy
// lane's operations and the queue for its turns, and each subgraph fetch's latency, wherever it ran.
import { type FetchTiming, metricsRegistry, subgraphFetchSeconds } from "@grassroots/platform";
import { Counter, Gauge } from "prom-client";
import type { CallerLimiter } from "./caller-limit";

export const heavyOperationsTotal = new Counter({
  name: "grassroots_gateway_heavy_operations_total",
  help: "Operations handed to the gateway's heavy lane (weighed at GATEWAY_HEAVY_COST or more).",
  registers: [metricsRegistry],
});

// The heavy lanes' turns of every gateway in this process (one, but for tests).
const heavyTurns = new Set<CallerLimiter>();

new Gauge({
  name: "grassroots_gateway_heavy_lane_operations",
  help: "Operations on the gateway's heavy lane now, by state (running, queued: waiting for a turn).",
  labelNames: ["state"] as const,
  registers: [metricsRegistry],
  collect() {
    let running = 0;
    let queued = 0;
    for (const turns of heavyTurns) {
      running += turns.load.running;
      queued += turns.load.queued;
    }
    this.set({ state: "running" }, running);
    this.set({ state: "queued" }, queued);
  },
});

/** Reports the heavy lane's turns (running and waiting operations) at each scrape, until forgotten. */
export function watchHeavyTurns(turns: CallerLimiter): () => void {
  heavyTurns.add(turns);
  return () => heavyTurns.delete(turns);
}

export function observeFetch(timing: FetchTiming) {
  subgraphFetchSeconds.observe({ subgraph: timing.subgraph, lane: timing.lane, outcome: timing.outcome }, timing.seconds);
}
