// Migrations outside a transaction (CREATE INDEX CONCURRENTLY): applied and recorded once; a failed
// concurrent build is reported, never recorded, and its INVALID index blocks the next start until it
// is dropped. On PGlite here, on PostgreSQL too when TEST_DATABASE_URL is set (createTestDatabase).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database";
import { applyMigrations, OUTSIDE_A_TRANSACTION } from "./migrations";
import { createTestDatabase } from "./testing";

const root = mkdtempSync(join(tmpdir(), "migrations-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A migrations directory of its own for one test, with these migrations in order. */
function migrations(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [migration, sql] of Object.entries(files)) {
    mkdirSync(join(dir, migration), { recursive: true });
    writeFileSync(join(dir, migration, "migration.sql"), sql);
  }
  return dir;
}

const query = <Row>(database: Database, sql: string) => database.withConnection((c) => c.query<Row>(sql));
const recorded = async (database: Database) =>
  (await query<{ name: string }>(database, `SELECT migration_name AS name FROM "_prisma_migrations" ORDER BY 1`)).map(
    (row) => row.name,
  );
const indexes = (database: Database) =>
  query<{ name: string; valid: boolean }>(
    database,
    "SELECT indexrelid::regclass::text AS name, indisvalid AS valid FROM pg_index WHERE indrelid = 'visit'::regclass ORDER BY 1",
  );

async function withDatabase(test: (database: Database) => Promise<void>) {
  const testDatabase = await createTestDatabase("migrations");
  const database = await openDatabase(testDatabase.location);
  try {
    await test(database);
  } finally {
    await database.close();
    await testDatabase.drop();
  }
}

const TABLE = "CREATE TABLE visit (id integer PRIMARY KEY, household integer NOT NULL);";

describe("a migration outside a transaction", () => {
  it("builds its index concurrently, after the migrations before it, and is recorded once", async () => {
    const dir = migrations("applied", {
      "0001_visits": TABLE,
      "0002_visits_by_household": `${OUTSIDE_A_TRANSACTION}\nCREATE INDEX CONCURRENTLY IF NOT EXISTS visit_household_idx ON visit (household);\n`,
    });
    await withDatabase(async (database) => {
      expect(await applyMigrations(database, dir)).toEqual(["0001_visits", "0002_visits_by_household"]);
      expect(await indexes(database)).toEqual([
        { name: "visit_household_idx", valid: true },
        { name: "visit_pkey", valid: true },
      ]);
      expect(await applyMigrations(database, dir)).toEqual([]);
      expect(await recorded(database)).toEqual(["0001_visits", "0002_visits_by_household"]);
    });
  });

  it("says so when its build fails, is not recorded, and starts only once the invalid index is dropped", async () => {
    const dir = migrations("failing", {
      "0001_visits": `${TABLE}\nINSERT INTO visit VALUES (1, 7), (2, 7);`,
      "0002_one_visit_per_household": `${OUTSIDE_A_TRANSACTION}\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS visit_household_key ON visit (household);\n`,
    });
    await withDatabase(async (database) => {
      await expect(applyMigrations(database, dir)).rejects.toThrow(
        /0002_one_visit_per_household failed\. It runs outside a transaction, so nothing of it was rolled back/,
      );
      expect(await recorded(database)).toEqual(["0001_visits"]);
      expect(await indexes(database)).toContainEqual({ name: "visit_household_key", valid: false });

      // The next start: IF NOT EXISTS keeps the invalid index, which the migrator names.
      await expect(applyMigrations(database, dir)).rejects.toThrow(/left an invalid index \(visit_household_key\)/);
      expect(await recorded(database)).toEqual(["0001_visits"]);

      // The operator mends the data and drops the index: the next start builds it and records the migration.
      await query(database, "DELETE FROM visit WHERE id = 2");
      await query(database, "DROP INDEX CONCURRENTLY visit_household_key");
      expect(await applyMigrations(database, dir)).toEqual(["0002_one_visit_per_household"]);
      expect(await indexes(database)).toContainEqual({ name: "visit_household_key", valid: true });
    });
  });
});
