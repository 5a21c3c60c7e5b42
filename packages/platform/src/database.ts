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
import type { RawSql, TransactionalClient } from "./idempotency";
import { createLogger } from "./logger";
import { watchPool } from "./metrics";

/**
 * `inMemory` may start from a copy of a data directory (a tarball PGlite dumped, as a file or its
 * bytes): tests start from one made once, which skips PGlite's initdb, the migrations and the seed
 * at every test file.
 */
export type DatabaseLocation =
  | { url: string; poolSize?: number; readOnly?: boolean }
  | { dataDir: string }
  | { inMemory: true; from?: string | Uint8Array };

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
 * this way casts its figures to int (as rollUpToPlaces does). `listen` reports each statement sent,
 * by these reads and by the pool's RawTransactions (tests count them).
 */
export interface RawReads {
  $queryRaw<Row = unknown>(query: SqlStatement): Promise<Row>;
  listen(listener: (statement: string) => void): void;
}

/**
 * Interactive transactions of raw SQL (and raw statements outside one), in the shape of a Prisma
 * client's `$transaction` and `$queryRawUnsafe`, for writes whose statements are all raw SQL (the
 * phones' logVisit). On PostgreSQL they are node-postgres's, on the Prisma client's own pool:
 * Prisma's interactive transaction and its query compiler were a third of the delegates subgraph's
 * CPU per visit logged. Rows are node-postgres's (bigint and numeric as strings): such a statement
 * selects text, booleans and timestamps.
 */
export interface RawTransactions extends TransactionalClient<RawSql>, RawSql {}

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
  /** PostgreSQL only, as rawReads: on PGlite, Prisma's own transactions hold its one connection. */
  rawTransactions?: RawTransactions;
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  /**
   * Tells the driver that the schema's types changed (migrations created some). PGlite reads the
   * array types it can send once, when it opens: without this, an array of an enum the migrations
   * just made (`$2::"VisitChannel"[]`) went as a plain string, and the first start's logVisit failed
   * until a restart. PostgreSQL's driver needs nothing.
   */
  typesChanged(): Promise<void>;
  /**
   * PGlite only: its data directory as a tarball, checkpointed first so that a copy started from it
   * has no log to replay. Tests start many databases from one seeded state this way.
   */
  snapshot?(): Promise<Uint8Array>;
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
    ...(from ? { loadDataDir: tarball(typeof from === "string" ? readFileSync(from) : from) } : { dataDir }),
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
    typesChanged: () => pglite.refreshArrayTypes(),
    snapshot: async () => {
      await pglite.exec("CHECKPOINT");
      return new Uint8Array(await (await pglite.dumpDataDir("none")).arrayBuffer());
    },
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
 * A tarball for PGlite's loadDataDir, which reads only `arrayBuffer()` (and `type`): Node's Blob
 * copied 40 MB through a stream to answer it, a third of a second per test database.
 */
function tarball(bytes: Uint8Array): Blob {
  const arrayBuffer = async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { type: "application/x-tar", arrayBuffer } as Blob;
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
  const listeners: StatementListeners = [];
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
    rawReads: poolReads(pool, listeners),
    rawTransactions: poolTransactions(pool, listeners),
    typesChanged: async () => {},
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

/** Who is told of each statement the pool's raw reads and raw transactions send (RawReads.listen). */
type StatementListeners = ((statement: string) => void)[];

function poolReads(pool: pg.Pool, listeners: StatementListeners): RawReads {
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

/** A transaction's wait for a connection and its run, at most (Prisma's: prismaClientOptions). */
const TRANSACTION_MAX_WAIT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 30_000;

/** The longest timer Node keeps (about 24.8 days); a longer or non-finite timeout means the default. */
const LONGEST_TIMER_MS = 2_147_483_647;
const boundedMs = (ms: number, otherwise: number) =>
  Number.isFinite(ms) && ms >= 1 ? Math.min(Math.floor(ms), LONGEST_TIMER_MS) : otherwise;

function poolTransactions(pool: pg.Pool, listeners: StatementListeners): RawTransactions {
  const send = async (client: pg.Pool | pg.PoolClient, query: string, values?: unknown[]) => {
    for (const listener of listeners) listener(query);
    return client.query(query, values);
  };
  const rawSqlOn = (client: pg.Pool | pg.PoolClient): RawSql => ({
    $queryRawUnsafe: async <Row>(query: string, ...values: unknown[]) => (await send(client, query, values)).rows as Row,
  });
  return {
    ...rawSqlOn(pool),
    $transaction: async (work, options = {}) => {
      const maxWait = boundedMs(options.maxWait ?? TRANSACTION_MAX_WAIT_MS, TRANSACTION_MAX_WAIT_MS);
      const timeout = boundedMs(options.timeout ?? TRANSACTION_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS);
      const client = await connectWithin(pool, maxWait);
      // While the connection is checked out the pool no longer listens for its errors: without a
      // listener here, a connection the server drops (a restart, a failover) would crash the process.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost ??= error;
      };
      client.on("error", onError);
      // As Prisma's timeout, the whole transaction's: past it the connection is closed, which rolls
      // the transaction back on the server and fails a statement still running at once.
      const deadline = setTimeout(() => {
        lost ??= new Error(`The transaction took longer than ${timeout} ms and was rolled back.`);
        void client.end().catch(() => {});
      }, timeout);
      try {
        // One round trip. The server bounds each statement and each pause too, should this process
        // stop answering.
        await send(
          client,
          `BEGIN; SET LOCAL statement_timeout = ${timeout}; SET LOCAL idle_in_transaction_session_timeout = ${timeout}`,
        );
        const result = await work(rawSqlOn(client));
        // A statement that failed inside `work` (its error swallowed) leaves the transaction aborted:
        // the server then answers COMMIT with ROLLBACK, and nothing was stored.
        const committed = await send(client, "COMMIT");
        if (committed.command === "ROLLBACK") throw new Error("A statement of the transaction failed; nothing was stored.");
        return result;
      } catch (error) {
        const gone = lost;
        if (!gone) await send(client, "ROLLBACK").catch((failure: Error) => (lost = failure));
        // Past the deadline, or with the connection gone, a statement fails with a bare "Connection
        // terminated": the reason is the better answer. A database error (with its code) stays.
        throw gone && (error as { code?: string }).code === undefined ? gone : error;
      } finally {
        clearTimeout(deadline);
        client.removeListener("error", onError);
        // A connection lost, closed at the deadline or unable to roll back is not given back.
        client.release(lost);
      }
    },
  };
}

/** A connection of the pool, or an error once `maxWait` ms pass without one free. */
async function connectWithin(pool: pg.Pool, maxWait: number): Promise<pg.PoolClient> {
  const connecting = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No database connection was free within ${maxWait} ms; the database is overloaded.`)),
      maxWait,
    );
  });
  try {
    return await Promise.race([connecting, waited]);
  } catch (error) {
    // The connection that comes after the wait gave up goes straight back.
    connecting.then(
      (client) => client.release(),
      () => {},
    );
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  };
}
