// A database is seeded once, all or nothing. A ledger row marks the seed started before it writes
// and completed after; a start finding "started" (a process killed mid-seed) knows the database
// has never served a request (a subgraph serves only after seeding), so it rebuilds the schema
// from the migrations and seeds again, instead of leaving a partial district for good. Replicas that
// start together on one PostgreSQL database seed it one at a time (withSeedLock): the first seeds,
// the others wait and find it completed; so "started" means the seeding process died (its lock went
// with its connection), never that another replica is still at it.
import pg from "pg";
import type { Database, DatabaseLocation, SqlConnection } from "./database";
import type { Logger } from "./logger";

const SEED_LEDGER = `CREATE TABLE IF NOT EXISTS "_seed_ledger" (
  "name" TEXT PRIMARY KEY,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "completed_at" TIMESTAMPTZ
)`;

type SeedState = "none" | "started" | "completed";

export interface SeedOnceOptions {
  logger: Logger;
  /** Recreates the empty schema (the migrations), after an interrupted seed has been dropped. */
  migrate: () => Promise<unknown>;
  /** Names the seed in the ledger; a different seed later is a different row. */
  name?: string;
}

/** Runs `seed` unless it completed before; reports whether it ran. */
export async function seedOnce(database: Database, seed: () => Promise<void>, options: SeedOnceOptions): Promise<boolean> {
  const name = options.name ?? "demo";
  const state = await database.withConnection((connection) => seedState(connection, name));
  if (state === "completed") return false;
  if (state === "started") {
    options.logger.warn(
      { seed: name },
      "an earlier start stopped while seeding: rebuilding the empty database and seeding again",
    );
    await database.withConnection((connection) => connection.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    await options.migrate();
  }
  await database.withConnection(async (connection) => {
    await connection.exec(SEED_LEDGER);
    await connection.query(
      `INSERT INTO "_seed_ledger" (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET started_at = now(), completed_at = NULL`,
      [name],
    );
  });
  await seed();
  await database.withConnection((connection) =>
    connection.query(`UPDATE "_seed_ledger" SET completed_at = now() WHERE name = $1`, [name]),
  );
  return true;
}

async function seedState(connection: SqlConnection, name: string): Promise<SeedState> {
  await connection.exec(SEED_LEDGER);
  const [row] = await connection.query<{ completed: boolean }>(
    `SELECT completed_at IS NOT NULL AS completed FROM "_seed_ledger" WHERE name = $1`,
    [name],
  );
  if (!row) return "none";
  return row.completed ? "completed" : "started";
}

// Any constant shared by every process that seeds this database.
const SEED_LOCK = 72_640_193;

/**
 * Runs `work` (seedOnce) holding a session advisory lock on its own connection, outside the pool the
 * seed writes with; on the embedded database (one process) it just runs it.
 */
export async function withSeedLock<T>(location: DatabaseLocation, work: () => Promise<T>): Promise<T> {
  if (!("url" in location)) return work();
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SEED_LOCK]);
    return await work();
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}

/**
 * Runs a bulk load into `tables` with their keys and indexes dropped, then builds each once from the
 * loaded rows, which costs far less than keeping them up row by row: a key or a trigram (GIN) index
 * is built in one pass over sorted rows, a foreign key is checked in one join. Primary keys, unique
 * constraints and foreign keys go (with the foreign keys of other tables that reference `tables`),
 * and the plain indexes. Adding the keys back checks every loaded row, so a load that breaks one
 * fails there. Inside one transaction (the case history), a failure restores them all; a seed
 * interrupted between its transactions is rebuilt from the migrations by seedOnce, so no table is
 * left without them.
 */
export async function withKeysAndIndexesDeferred<T>(
  connection: SqlConnection,
  tables: string[],
  load: () => Promise<T>,
): Promise<T> {
  // Foreign keys first: they depend on the keys they reference.
  const keys = await connection.query<{ owner: string; name: string; definition: string; foreign: boolean }>(
    `SELECT conrelid::regclass::text AS owner, conname::text AS name, pg_get_constraintdef(oid) AS definition,
       contype = 'f' AS foreign
     FROM pg_constraint
     WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'u', 'f')
       AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[]))
     ORDER BY contype = 'f' DESC, conrelid::regclass::text, conname`,
    [tables.map((table) => `"${table}"`)],
  );
  for (const key of keys) await connection.exec(`ALTER TABLE ${key.owner} DROP CONSTRAINT "${key.name}"`);
  // With the keys gone, what is left are the plain indexes.
  const indexes = await connection.query<{ name: string; definition: string }>(
    `SELECT indexname::text AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = ANY($1::text[])`,
    [tables],
  );
  for (const index of indexes) await connection.exec(`DROP INDEX "${index.name}"`);
  const result = await load();
  // A million rows' sort for each build stays in memory. Reset after success only: inside a
  // transaction a failure is rolled back with the setting, and a reset would hide its error.
  await connection.exec("SET maintenance_work_mem = '512MB'");
  // Keys and unique indexes before the foreign keys that may reference them.
  const add = (key: (typeof keys)[number]) =>
    connection.exec(`ALTER TABLE ${key.owner} ADD CONSTRAINT "${key.name}" ${key.definition}`);
  for (const key of keys.filter((key) => !key.foreign)) await add(key);
  for (const index of indexes) await connection.exec(index.definition);
  for (const key of keys.filter((key) => key.foreign)) await add(key);
  await connection.exec("RESET maintenance_work_mem");
  return result;
}
