// Applies a subgraph's committed migrations (prisma/<subgraph>/migrations/<n>_<name>/migration.sql)
// at start-up, each in its own transaction, recorded in Prisma's `_prisma_migrations` table so that
// `prisma migrate status` still reads it. Milliseconds, where the Prisma CLI takes seconds. A
// migration that starts with OUTSIDE_A_TRANSACTION runs without one, for what PostgreSQL refuses in a
// transaction: `CREATE INDEX CONCURRENTLY`, which builds an index on a large table without blocking
// its writes (docs/deployment.md, "Migrations").
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database, SqlConnection } from "./database";

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant shared by every process that migrates this database: replicas starting together wait.
const MIGRATION_LOCK = 72_640_191;
/** How often a process waiting for another's migrations asks for the lock again. */
const LOCK_RETRY_MS = 200;

/**
 * The first line of a migration that runs outside a transaction. It must hold one statement: what
 * PostgreSQL sends as several runs them in one implicit transaction, which `CONCURRENTLY` refuses.
 */
export const OUTSIDE_A_TRANSACTION = "-- grassroots: outside a transaction";

export function listMigrations(migrationsDir: string) {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      return { name, sql, checksum, inTransaction: !sql.startsWith(OUTSIDE_A_TRANSACTION) };
    });
}

/** Applies what is pending and returns the names applied. Fails loudly if history was edited. */
export async function applyMigrations(database: Database, migrationsDir: string): Promise<string[]> {
  const migrations = listMigrations(migrationsDir);
  const applied = await database.withConnection(async (connection) => {
    await connection.exec(LEDGER);
    await lockMigrations(connection);
    try {
      return await applyPending(connection, migrations);
    } finally {
      await connection.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  });
  // Enums (and their arrays) a migration made must be known to the driver before anything sends them.
  if (applied.length) await database.typesChanged();
  return applied;
}

/**
 * Waits for the migration lock by asking again, not by blocking in pg_advisory_lock: a process blocked
 * there holds a transaction open, and another's `CREATE INDEX CONCURRENTLY` would wait for that
 * transaction while it waits for the lock.
 */
async function lockMigrations(connection: SqlConnection) {
  for (;;) {
    const [row] = await connection.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK]);
    if (row?.locked) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

const RECORD = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
  VALUES ($1, $2, $3, now(), 1)`;

async function applyPending(connection: SqlConnection, migrations: ReturnType<typeof listMigrations>) {
  const rows = await connection.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum) {
      if (checksum !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was edited after it was applied; add a new migration instead.`);
      }
      continue;
    }
    if (migration.inTransaction) await applyInTransaction(connection, migration);
    else await applyOutsideATransaction(connection, migration);
    done.push(migration.name);
  }
  return done;
}

type Migration = ReturnType<typeof listMigrations>[number];

async function applyInTransaction(connection: SqlConnection, migration: Migration) {
  await connection.exec("BEGIN");
  try {
    await connection.exec(migration.sql);
    await connection.query(RECORD, [randomUUID(), migration.checksum, migration.name]);
    await connection.exec("COMMIT");
  } catch (cause) {
    await connection.exec("ROLLBACK");
    throw new Error(`Migration ${migration.name} failed and was rolled back`, { cause });
  }
}

/**
 * Runs the migration's one statement on its own, then records it. A failure undoes nothing: an index
 * built concurrently is left INVALID, and `IF NOT EXISTS` would keep it at the next start. So no
 * invalid index may remain for the migration to be recorded; the operator drops it and starts again.
 */
async function applyOutsideATransaction(connection: SqlConnection, migration: Migration) {
  try {
    await connection.exec(migration.sql);
  } catch (cause) {
    throw new Error(
      `Migration ${migration.name} failed. It runs outside a transaction, so nothing of it was rolled back: drop any index it left INVALID, then start again`,
      { cause },
    );
  }
  const invalid = await connection.query<{ name: string }>(
    "SELECT indexrelid::regclass::text AS name FROM pg_index WHERE NOT indisvalid ORDER BY 1",
  );
  if (invalid.length) {
    const names = invalid.map((row) => row.name).join(", ");
    throw new Error(
      `Migration ${migration.name} left an invalid index (${names}): a concurrent build failed, now or at an earlier start. Drop it, then start again.`,
    );
  }
  await connection.query(RECORD, [randomUUID(), migration.checksum, migration.name]);
}
