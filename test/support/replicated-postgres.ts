// A PostgreSQL primary and a real streaming standby of it, started for one test file by the same
// script CI uses (.ci/postgres.sh: start_replicated_postgres), on two free ports, and stopped after.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openDatabase } from "@grassroots/platform";

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, "../../.ci/postgres.sh");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const script = (call: string, ...args: (string | number)[]) =>
  run("bash", ["-c", `source "${SCRIPT}" && ${call} "$@"`, "bash", ...args.map(String)], { timeout: 120_000 });

async function sql<Row>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const database = await openDatabase({ url, poolSize: 1 });
  try {
    return await database.withConnection((connection) => connection.query<Row>(text, params));
  } finally {
    await database.close();
  }
}

export async function startReplicatedPostgres() {
  const dir = mkdtempSync(join(tmpdir(), "grassroots-replica-"));
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  try {
    await script("start_replicated_postgres", dir, primaryPort, standbyPort);
  } catch (error) {
    await script("stop_replicated_postgres", dir).catch(() => {});
    throw error;
  }
  const primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`;
  const standbyUrl = `postgresql://postgres@127.0.0.1:${standbyPort}/postgres`;
  return {
    primaryUrl,
    standbyUrl,
    /** The same database on the standby. */
    onStandby: (databaseUrl: string) => {
      const url = new URL(databaseUrl);
      url.port = String(standbyPort);
      return url.toString();
    },
    primary: <Row>(text: string, params?: unknown[]) => sql<Row>(primaryUrl, text, params),
    standby: <Row>(text: string, params?: unknown[]) => sql<Row>(standbyUrl, text, params),
    /** Waits until the standby has replayed everything the primary had written when called. */
    async caughtUp(timeoutMs = 10_000) {
      const [current] = await sql<{ lsn: string }>(primaryUrl, "SELECT pg_current_wal_lsn()::text AS lsn");
      const lsn = current!.lsn;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await sql<{ done: boolean }>(standbyUrl, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [lsn]);
        if (row?.done) return;
        if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${lsn} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Holds the standby's replay (WAL still arrives): what is written now is not readable there. */
    async pauseReplay() {
      await sql(standbyUrl, "SELECT pg_wal_replay_pause()");
      for (;;) {
        const [row] = await sql<{ state: string }>(standbyUrl, "SELECT pg_get_wal_replay_pause_state() AS state");
        if (row?.state === "paused") return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    resumeReplay: () => sql(standbyUrl, "SELECT pg_wal_replay_resume()"),
    stop: () => script("stop_replicated_postgres", dir),
  };
}
