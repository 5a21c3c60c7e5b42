// What each request leaves behind: one structured log line (request id, W3C trace id, operation
// name, duration, status, error codes, the caller's role; never variables, tokens or personal data)
// and its count in the metrics. The request id comes from `x-request-id` when it is a sane token,
// else it is made; the trace id from the active OpenTelemetry span (src/tracing.ts), else from
// `traceparent`, else made. The gateway forwards both, so every process a request touches logs the
// same pair.
import { randomFillSync, randomUUID } from "node:crypto";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { trace } from "@opentelemetry/api";

export const REQUEST_ID_HEADER = "x-request-id";
export const TRACEPARENT_HEADER = "traceparent";

/** What is known of one request while it runs; filled in as GraphQL learns it. */
export interface Observation {
  requestId: string;
  traceId: string;
  /** The traceparent to send on to other processes: this trace, a span id of this hop. */
  traceparent: string;
  operationName?: string | null;
  errorCodes: string[];
  role?: string;
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ROLE = /^[a-z_]{1,40}$/;

type Headers = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// Trace and span ids from one pool of random bytes, refilled every 170 requests or so: a getrandom
// call for each id was 3% of the gateway's CPU on the smallest query.
const randomPool = Buffer.alloc(4096);
let poolOffset = randomPool.length;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return randomPool.toString("hex", poolOffset - bytes, poolOffset);
}

/** A new observation from a request's headers. */
export function observe(headers: Headers): Observation {
  const given = first(headers[REQUEST_ID_HEADER]);
  const requestId = given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  const span = trace.getActiveSpan()?.spanContext();
  if (span && trace.isSpanContextValid(span)) {
    const flags = span.traceFlags.toString(16).padStart(2, "0");
    return { requestId, traceId: span.traceId, traceparent: `00-${span.traceId}-${span.spanId}-${flags}`, errorCodes: [] };
  }
  const parent = TRACEPARENT.exec(first(headers[TRACEPARENT_HEADER])?.trim() ?? "");
  const valid = parent && !/^0+$/.test(parent[1]!) && !/^0+$/.test(parent[2]!);
  const traceId = valid ? parent[1]! : randomHex(16);
  const flags = valid ? parent[3]! : "00";
  return { requestId, traceId, traceparent: `00-${traceId}-${randomHex(8)}-${flags}`, errorCodes: [] };
}

/** The caller's role as its verified token names it; anything not shaped like a role is not logged. */
export function noteRole(observation: Observation | undefined, role: unknown) {
  if (observation && typeof role === "string" && ROLE.test(role)) observation.role = role;
}

// A request's observation, found from its GraphQL context. Apollo Server runs each operation on a
// shallow copy of the context (Object.assign, which copies symbol keys), so it travels as a property.
const OBSERVATION = Symbol("grassroots.observation");

export function attachObservation<Context extends object>(context: Context, observation: Observation): Context {
  (context as { [OBSERVATION]?: Observation })[OBSERVATION] = observation;
  return context;
}

export function observationOf(context: object): Observation | undefined {
  return (context as { [OBSERVATION]?: Observation })[OBSERVATION];
}

/** Records each operation's name and its answer's error codes in the request's observation. */
export function observationPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, request, response }) {
          const observation = observationOf(contextValue);
          if (!observation) return;
          observation.operationName = operationName ?? request.operationName ?? null;
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) {
            const code = error.extensions?.code;
            if (typeof code === "string") observation.errorCodes.push(code);
          }
        },
      };
    },
  };
}

/** The log line's fields: what an operator needs, nothing a caller sent beyond the operation's name. */
export function logFields(observation: Observation, answer: { status: number; durationMs: number; lane?: string }) {
  return {
    requestId: observation.requestId,
    traceId: observation.traceId,
    operation: observation.operationName ?? null,
    status: answer.status,
    durationMs: Math.round(answer.durationMs * 10) / 10,
    errorCodes: [...new Set(observation.errorCodes)],
    role: observation.role ?? null,
    ...(answer.lane ? { lane: answer.lane } : {}),
  };
}
