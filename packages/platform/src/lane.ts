// A subgraph's heavy lane: a worker thread running the same subgraph (its own Apollo Server, Prisma
// client and connections to the same PostgreSQL database) for the requests the gateway marks heavy
// (LANE_HEADER, sent by the gateway's own heavy lane, src/heavy-lane.ts there). A street's households
// with their residents take the residents subgraph most of a second of work; on the lane, nobody's
// one-block query waits behind it. The embedded database (PGlite) lives inside one thread, so a
// subgraph on it has no lane and answers everything on its main thread.
import { isMainThread, workerData } from "node:worker_threads";
import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";
import { NOT_JSON } from "./errors";
import { attachObservation, type Observation, observe } from "./request-log";
import { RequestThread, serveThread, yieldCpuToOtherThreads } from "./threads";

export const LANE_HEADER = "x-grassroots-lane";

/**
 * A request as it crosses to the lane: its headers and its body's bytes, moved to the lane, which
 * parses them. Parsed on the main thread, a dashboard's thousands of entity representations cost it
 * the parsing and then copying the objects across, ahead of every short request.
 */
export interface LaneRequest {
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array<ArrayBuffer>;
}

/** A lane request with its body parsed: what the subgraph's context is made from. */
export interface ParsedLaneRequest {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The answer as it crosses back, ready to be written as it is. */
export interface LaneAnswer {
  status: number;
  headers: [string, string][];
  /** The body's bytes, moved (not copied) to the main thread, which only writes them. */
  body: Uint8Array<ArrayBuffer>;
  /** What the main thread's log line of this request needs to know from the lane. */
  observed?: Pick<Observation, "operationName" | "errorCodes" | "role">;
}

const LANE_DATA = { grassrootsLane: "heavy" } as const;

/** The main thread's side: a thread running `entry` (this process's main module) as the lane. */
export function startLane(entry: URL) {
  const thread = new RequestThread<LaneRequest, LaneAnswer>(entry, LANE_DATA);
  return {
    start: () => thread.start(),
    stop: () => thread.stop(),
    /** Sends a request to the lane; its body's bytes are moved there. */
    request: (request: LaneRequest) => thread.request(request, [request.body.buffer]),
  };
}

/** Whether this thread is a subgraph's heavy lane (the main module runs again in it). */
export function isLaneThread(): boolean {
  return !isMainThread && (workerData as typeof LANE_DATA | null)?.grassrootsLane === LANE_DATA.grassrootsLane;
}

/** The lane's side: answers each request with the subgraph's Apollo Server and context. */
export async function serveLane<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  context: (request: ParsedLaneRequest, observation: Observation) => Promise<Context>,
): Promise<void> {
  await apollo.start();
  yieldCpuToOtherThreads();
  serveThread<LaneRequest, LaneAnswer>(
    async (received) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(received.body));
      } catch {
        // As the main thread's JSON parser answers (http.ts).
        const body = new TextEncoder().encode(JSON.stringify(NOT_JSON.body));
        return { status: NOT_JSON.status, headers: [["content-type", "application/json"]], body };
      }
      const request: ParsedLaneRequest = { headers: received.headers, body: parsed };
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      // The same ids as the main thread's (the headers carry them); the log line is written there.
      const observation = observe(request.headers);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: "", body: request.body },
        context: async () => attachObservation(await context(request, observation), observation),
      });
      let body = "";
      if (response.body.kind === "complete") body = response.body.string;
      else for await (const chunk of response.body.asyncIterator) body += chunk;
      const { operationName, errorCodes, role } = observation;
      return {
        status: response.status ?? 200,
        headers: [...response.headers],
        // Its own buffer (never Node's shared pool), so that it can be moved.
        body: new TextEncoder().encode(body),
        observed: { operationName, errorCodes, role },
      };
    },
    (answer) => [answer.body.buffer],
  );
}
