// Talking to real processes from tests with node:http (fetch refuses some ports, e.g. 6000), and
// reading what `npm start` says about them.
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";

export interface Answer {
  status: number;
  text: string;
  json: any;
  /** How long the answer took. */
  ms: number;
}

/** One HTTP request to 127.0.0.1:port; rejects on a network error or after timeoutMs. */
export function http(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        timeout: options.timeoutMs ?? 5000,
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text, json: parse(text), ms: Date.now() - started }),
        );
      },
    );
    outgoing.on("timeout", () =>
      outgoing.destroy(new Error(`no answer from port ${port} within ${options.timeoutMs ?? 5000} ms`)),
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

/** POST /graphql with a bearer token (and more headers). */
export function graphqlAt(port: number, body: unknown, token: string, headers: Record<string, string> = {}) {
  return http(port, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
    timeoutMs: 30_000,
  });
}

/**
 * A GraphQL request in flight for as long as the test wants, as from a phone on a bad network: the
 * headers go now (with `expect: 100-continue`, so `accepted` resolves once the server is handling
 * the request), the body when `finish()` is called.
 */
export function slowGraphQL(port: number, body: unknown, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  const started = Date.now();
  let send: () => void = () => {};
  let accepted: () => void = () => {};
  const acceptance = new Promise<void>((resolve) => {
    accepted = resolve;
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(text)),
          expect: "100-continue",
          ...headers,
        },
      },
      (response) => {
        let received = "";
        response.on("data", (chunk) => {
          received += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: received, json: parse(received), ms: Date.now() - started }),
        );
      },
    );
    outgoing.on("continue", () => accepted());
    outgoing.on("error", reject);
    outgoing.flushHeaders();
    send = () => outgoing.end(text);
  });
  return { accepted: acceptance, answer, finish: () => send() };
}

/** Whether a new TCP connection to 127.0.0.1:port is refused (nothing listens there). */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** The pid `npm start` last reported for a process ("[name] started (pid N)"). */
export function reportedPid(output: string, name: string): number {
  const pids = [...output.matchAll(new RegExp(`\\[${name}\\] started \\(pid (\\d+)\\)`, "g"))].map((match) => Number(match[1]));
  if (!pids.length) throw new Error(`npm start reported no pid for ${name}:\n${output}`);
  return pids.at(-1)!;
}

/** Resolves once `condition()` holds (checked every 100 ms); rejects after timeoutMs. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const holds = await Promise.resolve()
      .then(condition)
      .catch(() => false);
    if (holds) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** Starts `node <args>` in the repository with this environment, collecting what it prints. */
export function startNode(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const run = { child, output: "", exited: new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))) };
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk) => {
      run.output += chunk;
    });
  }
  return run;
}

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
