// The measurements: one request at a time (latency of a query alone), autocannon at N connections
// (throughput, tail latency, errors), and each process's resident memory.
// Only 127.0.0.1: the gateways under test run on this machine.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { LOCAL_HOST } from "@grassroots/services";
import autocannon from "autocannon";

export type Headers = Record<string, string>;

/** POST one body to /graphql with node:http (fetch refuses some ports). */
export function post(port: number, body: string, headers: Headers, timeoutMs = 120_000) {
  return new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: LOCAL_HOST,
        port,
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - started }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** What went wrong in one answer, or null: a non-2xx status or GraphQL errors in the body. */
export function failureOf(status: number, text: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${text.slice(0, 200)}`;
  try {
    const { errors } = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
    if (!errors?.length) return null;
    return errors
      .slice(0, 2)
      .map((error) => `${error.extensions?.code ?? "ERROR"}: ${error.message}`.slice(0, 200))
      .join("; ");
  } catch {
    return `unreadable body: ${text.slice(0, 200)}`;
  }
}

/** Median and 95th percentile of timings in ms. */
export function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** The times in ms of `count` sequential requests, after two to warm up. */
export async function timesAlone(port: number, body: string, headers: Headers, count = 20): Promise<number[]> {
  for (let i = 0; i < 2; i++) await post(port, body, headers);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await post(port, body, headers)).ms);
  return times;
}

/**
 * Several requests timed alone, in turns: each round sends every request once, one at a time,
 * after two rounds to warm up. A shared machine's speed drifts from one minute to the next (the
 * same request's p95 was 31 ms in one run and 61 ms in the next); timed minutes apart, two
 * requests' ratio measured that drift as much as the requests, timed in turns it slows them alike.
 * Each round starts one request further along the list and every other round runs it backwards,
 * so no request always follows the same one (and finds the caches as that one left them).
 */
export async function aloneInTurns<Key extends string>(
  requests: { key: Key; port: number; body: string }[],
  headers: Headers,
  rounds = 30,
): Promise<Map<Key, { p50: number; p95: number }>> {
  const times = new Map<Key, number[]>(requests.map(({ key }) => [key, []]));
  for (let round = -2; round < rounds; round++) {
    const shift = (round + 2) % requests.length;
    const rotated = [...requests.slice(shift), ...requests.slice(0, shift)];
    for (const request of round % 2 === 0 ? rotated : rotated.reverse()) {
      const { ms } = await post(request.port, request.body, headers);
      if (round >= 0) times.get(request.key)!.push(ms);
    }
  }
  return new Map([...times].map(([key, list]) => [key, percentiles(list)]));
}

export interface LoadOptions {
  port: number;
  headers: Headers;
  connections: number;
  seconds: number;
  /** The body of the i-th request (i counts across all connections). */
  body: (i: number) => string;
  /** Every answer, for callers that keep what was written. */
  onAnswer?: (status: number, text: string) => void;
  /** A request slower than this is a timeout (an error). */
  timeoutSeconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  answers: number;
  non2xx: number;
  graphqlErrors: number;
  timeouts: number;
  connectionErrors: number;
  /** A few distinct failures, as seen. */
  samples: string[];
}

/** autocannon with `connections` connections for `seconds`; every body comes from options.body. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  let answers = 0;
  const samples = new Set<string>();
  const result = await autocannon({
    url: `http://${LOCAL_HOST}:${options.port}/graphql`,
    method: "POST",
    connections: options.connections,
    duration: options.seconds,
    timeout: options.timeoutSeconds ?? 60,
    headers: { "content-type": "application/json", ...options.headers },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: options.body(next++) }),
        onResponse: (status, text) => {
          answers++;
          const failure = failureOf(status, text);
          if (failure && status >= 200 && status < 300) graphqlErrors++;
          if (failure && samples.size < 3) samples.add(failure);
          options.onAnswer?.(status, text);
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answers,
    non2xx: result.non2xx,
    graphqlErrors,
    timeouts: result.timeouts,
    connectionErrors: Math.max(0, result.errors - result.timeouts),
    samples: [...samples],
  };
}

/**
 * Two load runs of equal length as one: requests per second averaged (over equal lengths, the
 * rate of both together), p50 the mean of the two medians (not a median; not printed), the worse
 * p99, answers and failures summed. For a gateway measured before and after its peer, so that a
 * drift of the machine's speed during the pair falls on both alike.
 */
export function combined(first: LoadResult, second: LoadResult): LoadResult {
  return {
    requestsPerSecond: (first.requestsPerSecond + second.requestsPerSecond) / 2,
    p50: (first.p50 + second.p50) / 2,
    p99: Math.max(first.p99, second.p99),
    answers: first.answers + second.answers,
    non2xx: first.non2xx + second.non2xx,
    graphqlErrors: first.graphqlErrors + second.graphqlErrors,
    timeouts: first.timeouts + second.timeouts,
    connectionErrors: first.connectionErrors + second.connectionErrors,
    samples: [...new Set([...first.samples, ...second.samples])].slice(0, 3),
  };
}

/** "0", or what failed: "3 non-2xx, 2 GraphQL, 1 timeout". */
export function errorSummary(result: LoadResult): string {
  const parts = [
    result.non2xx && `${result.non2xx} non-2xx`,
    result.graphqlErrors && `${result.graphqlErrors} GraphQL`,
    result.timeouts && `${result.timeouts} timeouts`,
    result.connectionErrors && `${result.connectionErrors} connection`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "0";
}

/** Resident set size of a process in MB (VmRSS in /proc), or null once it is gone. */
export function residentMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU time a process has used (user + system, all its threads) in ms, or null off Linux. */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the command
    // name (field 2) may hold spaces, so count from after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
