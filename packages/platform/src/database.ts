// One database per subgraph: an embedded PGlite data directory by default, PostgreSQL when a URL
// is configured. Both speak the same SQL, so one Prisma schema and one migrations folder serve both.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Sql } from "@prisma/client/runtime/client";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createLogger } from "./logger";
import { watchPool } from "./metrics";

/**
 * `inMemory` may start from a copy of a data directory (a tarball PGlite dumped): tests start from
 * one made once, which skips PGlite's initdb and the migrations at every test file.
 */
export type DatabaseLocation =
  | { url: string; poolSize?: number; readOnly?: boolean }
  | { dataDir: string }
  | { inMemory: true; from?: string };

/** A single connection for work outside Prisma: migrations and bulk seeding. */
export interface SqlConnection {
  exec(script: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** A composed SQL statement (Prisma.sql): `text` with $1, $2 … placeholders, and `values`. */
export type SqlStatement = Sql;

/**
 * Read-only statements sent to PostgreSQL by node-postgres on the Prisma client's own pool, for
 * reads whose rows are plain integers and text (the place roll-ups of a dashboard): Prisma's
 * conversion of a district's 1,500 rows cost more CPU than the statement itself. The call has the
 * shape of a Prisma client's `$queryRaw`, so a reader takes either, but the rows are node-postgres's:
 * bigint and numeric come back as strings and dates as Dates at local midnight, so a statement read
 * this way casts its figures to int (as rollUpToPlaces does). `listen` reports each statement sent
 * (tests count them).
 */
export interface RawReads {
  $queryRaw<Row = unknown>(query: SqlStatement): Promise<Row>;
  listen(listener: (statement: string) => void): void;
}

export interface Database {
  kind: "pglite" | "postgres";
  /** Where it is, for logs, without credentials. */
  description: string;
  adapter: PrismaPg | PrismaPGlite;
  /**
   * PostgreSQL only. PGlite has one connection, which Prisma's interactive transactions hold
   * between statements: a read sent beside them would run inside one; Prisma answers those there.
   */
  rawReads?: RawReads;
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Contrib extensions the migrations create (PostgreSQL ships them; PGlite loads each only when
 * asked): pg_trgm, for similar case descriptions and household search.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/**
 * Where a subgraph's database lives: DATABASE_URL_<SUBGRAPH> (e.g. DATABASE_URL_BLOCKS) selects
 * PostgreSQL; otherwise an embedded PGlite directory under DATA_DIR (default `.data/`).
 */
export function databaseLocationFromEnv(subgraph: string, env = process.env, defaultDataRoot = ".data"): DatabaseLocation {
  const url = env[`DATABASE_URL_${subgraph.toUpperCase()}`];
  if (url) return { url };
  return { dataDir: `${env.DATA_DIR ?? defaultDataRoot}/${subgraph}` };
}

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if ("url" in location) return openPostgres(location.url, location.poolSize ?? 10, location.readOnly ?? false);
  let dataDir: string | undefined;
  let unlock = () => {};
  if ("dataDir" in location) {
    mkdirSync(location.dataDir, { recursive: true });
    dataDir = location.dataDir;
    unlock = lockDataDir(dataDir);
  }
  const from = "from" in location ? location.from : undefined;
  const pglite = await PGlite.create({
    extensions: PGLITE_EXTENSIONS,
    ...(from ? { loadDataDir: new Blob([readFileSync(from)]) } : { dataDir }),
  });
  // PGlite has one connection; this queue keeps our own work from interleaving with itself.
  let queue: Promise<unknown> = Promise.resolve();
  const connection: SqlConnection = {
    exec: async (script) => {
      await pglite.exec(script);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
  };
  return {
    kind: "pglite",
    description: dataDir ? `PGlite at ${dataDir}` : "PGlite in memory",
    adapter: new PrismaPGlite(pglite),
    withConnection: <T>(work: (c: SqlConnection) => Promise<T>) => {
      const run = queue.then(() => work(connection));
      queue = run.catch(() => undefined);
      return run;
    },
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}

/**
 * PGlite has no locking of its own: two processes on one data directory corrupt it. A lock file
 * with the owner's pid refuses a second process (and is taken over when its owner is gone).
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, "grassroots.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockFile, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`${dataDir} is in use by process ${owner}; stop it first (an embedded database has one process).`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * `readOnly` (a read replica's pool, src/read-replica.ts): every transaction on its connections is
 * read-only, so a write sent there by mistake fails, whatever server the URL names.
 */
async function openPostgres(url: string, poolSize: number, readOnly: boolean): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
  });
  const { hostname, port, pathname } = new URL(url);
  const name = decodeURIComponent(pathname.slice(1)) || "postgres";
  const unwatch = watchPool(readOnly ? `${name} (read replica)` : name, pool);
  // The server may end an idle connection (a restart, an administrator; a test dropping its database
  // while the pool's connections are still closing). The pool has already let that connection go;
  // without a listener its "error" event would crash the process.
  let closing = false;
  pool.on("error", (error) => {
    if (!closing) createLogger("database").warn({ err: error }, "the server closed an idle database connection");
  });
  return {
    kind: "postgres",
    description: `PostgreSQL${readOnly ? " read replica" : ""} at ${hostname}:${port || 5432}${pathname}`,
    adapter: new PrismaPg(pool),
    rawReads: poolReads(pool),
    withConnection: async (work) => {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
        });
      } finally {
        client.release();
      }
    },
    close: () => {
      closing = true;
      unwatch();
      return pool.end();
    },
  };
}

function poolReads(pool: pg.Pool): RawReads {
  const listeners: ((statement: string) => void)[] = [];
  return {
    $queryRaw: async <Row>(query: SqlStatement) => {
      for (const listener of listeners) listener(query.text);
      return (await pool.query(query.text, query.values)).rows as Row;
    },
    listen: (listener) => {
      listeners.push(listener);
    },
  };
}

/**
 * Every subgraph's Prisma client options. Transactions may wait up to 10 s for a connection and run
 * up to 30 s: Prisma's defaults (2 s and 5 s) failed seeds and writes on a loaded machine, where
 * waiting a little longer is what a caller wants (the gateway's own timeout still bounds a request).
 */
export function prismaClientOptions(adapter: Database["adapter"], { logQueries }: { logQueries: boolean }) {
  return {
    adapter,
    log: logQueries ? [{ emit: "event" as const, level: "query" as const }] : [],
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  };
}
