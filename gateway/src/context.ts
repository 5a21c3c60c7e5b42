// What the gateway knows of each request while it runs: the caller's credentials (forwarded to
// the subgraphs), who the caller is (for the per-caller limit) and where its turn is handed back.
import type { ServerResponse } from "node:http";
import type { FetchTiming } from "@grassroots/platform";
import type { Release } from "./caller-limit";
import type { LaneResult } from "./heavy-lane";
import type { RawJsonParts } from "./raw-json";

export interface GatewayContext {
  authorization?: string;
  clientAddress?: string;
  /** The token's subject, or the client's address without a token. */
  caller: string;
  /** Sent on to every subgraph (x-request-id, traceparent), so that their log lines match ours. */
  requestId?: string;
  traceparent?: string;
  /** Where subgraph fetches made off the main thread are timed, to be counted on it (src/heavy-lane.ts). */
  fetchTimings?: FetchTiming[];
  /** The operation's weighed cost (src/cost.ts), once known: heavy ones run on their own thread. */
  cost?: number;
  /** An identical heavy operation of this caller already running on the lane, whose result this one shares. */
  sharedRun?: Promise<LaneResult>;
  /** Data the heavy lane serialized, written into the body as it is (src/raw-json.ts). */
  rawJson?: RawJsonParts;
  /** Keeps a turn (the caller's, the heavy lane's) until the answer is sent (or the client is gone). */
  holdTurn(release: Release): void;
}

/** Releases the turns held when the HTTP response closes: answered, failed or abandoned alike. */
export function turnHolder(response: ServerResponse | undefined): GatewayContext["holdTurn"] {
  let closed = !response;
  const held: Release[] = [];
  response?.once("close", () => {
    closed = true;
    for (const release of held.splice(0)) release();
  });
  return (release) => {
    if (closed) release();
    else held.push(release);
  };
}
