// Applies a subgraph's committed migrations (prisma/<subgraph>/migrations/<n>_<name>/migration.sql)
// at start-up, each in its own transaction, recorded in Prisma's `_prisma_migrations` table so that
// `prisma migrate status` still reads it. Milliseconds, where the Prisma CLI takes seconds.
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

export function listMigrations(migrationsDir: string) {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Applies what is pending and returns the names applied. Fails loudly if history was edited. */
export async function applyMigrations(database: Database, migrationsDir: string): Promise<string[]> {
  const migrations = listMigrations(migrationsDir);
  const applied = await database.withConnection(async (connection) => {
    await connection.exec(LEDGER);
    await connection.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
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
    await connection.exec("BEGIN");
    try {
      await connection.exec(migration.sql);
      await connection.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await connection.exec("COMMIT");
    } catch (cause) {
      await connection.exec("ROLLBACK");
      throw new Error(`Migration ${migration.name} failed and was rolled back`, { cause });
    }
    done.push(migration.name);
  }
  return done;
}
