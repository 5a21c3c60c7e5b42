// A start killed while seeding must not leave a partial database for good: the next start rebuilds
// it and seeds it whole; a completed seed never runs again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, type SqlConnection } from "./database";
import { createLogger } from "./logger";
import { applyMigrations } from "./migrations";
import { seedOnce, withKeysAndIndexesDeferred } from "./seeding";
import { createTestDatabase } from "./testing";

const root = mkdtempSync(join(tmpdir(), "seeding-"));
const migrationsDir = join(root, "migrations");
mkdirSync(join(migrationsDir, "0001_init"), { recursive: true });
writeFileSync(join(migrationsDir, "0001_init", "migration.sql"), "CREATE TABLE household (id integer PRIMARY KEY);");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logger = createLogger("seeding-test");

/** Seeds 100 households in chunks of 10 committed one by one; `failAfter` chunks simulates a kill. */
function seedHouseholds(database: Database, failAfter = Number.POSITIVE_INFINITY) {
  return async () => {
    for (let chunk = 0; chunk < 10; chunk++) {
      if (chunk === failAfter) throw new Error("killed while seeding");
      const ids = Array.from({ length: 10 }, (_, i) => chunk * 10 + i);
      await database.withConnection((c) => c.query("INSERT INTO household SELECT unnest($1::int[])", [ids]));
    }
  };
}

const count = (database: Database) =>
  database.withConnection(async (c) => Number((await c.query<{ n: number }>("SELECT count(*)::int AS n FROM household"))[0]?.n));

describe("seedOnce", () => {
  it("seeds again from empty after a start stopped half-way, and never after a completed seed", async () => {
    const testDatabase = await createTestDatabase("seeding");
    const location = "url" in testDatabase.location ? testDatabase.location : { dataDir: join(root, "data") };
    const options = (database: Database) => ({ logger, migrate: () => applyMigrations(database, migrationsDir) });
    try {
      const first = await openDatabase(location);
      await applyMigrations(first, migrationsDir);
      await expect(seedOnce(first, seedHouseholds(first, 4), options(first))).rejects.toThrow("killed while seeding");
      expect(await count(first)).toBe(40);
      await first.close();

      const second = await openDatabase(location);
      await applyMigrations(second, migrationsDir);
      expect(await seedOnce(second, seedHouseholds(second), options(second))).toBe(true);
      expect(await count(second)).toBe(100);
      await second.close();

      const third = await openDatabase(location);
      expect(await seedOnce(third, seedHouseholds(third), options(third))).toBe(false);
      expect(await count(third)).toBe(100);
      await third.close();
    } finally {
      await testDatabase.drop();
    }
  });
});

describe("withKeysAndIndexesDeferred", () => {
  // Two tables of the load, and one outside it whose foreign key references them.
  const SCHEMA = `
    CREATE TABLE block (code text PRIMARY KEY);
    CREATE TABLE house (id integer PRIMARY KEY, block_code text NOT NULL REFERENCES block (code), door text,
      CONSTRAINT house_door_key UNIQUE (block_code, door));
    CREATE INDEX house_door_idx ON house (door);
    CREATE TABLE pairing (id integer PRIMARY KEY, house_id integer REFERENCES house (id) ON DELETE CASCADE);`;
  const shape = async (c: SqlConnection) => ({
    keys: await c.query<{ name: string; definition: string }>(
      `SELECT conname::text AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
         WHERE connamespace = current_schema()::regnamespace AND contype IN ('p', 'u', 'f') ORDER BY 1`,
    ),
    indexes: await c.query<{ definition: string }>(
      "SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
    ),
  });

  it("loads without the keys and indexes of the tables, and puts back every one as it was", async () => {
    const database = await openDatabase({ inMemory: true });
    try {
      await database.withConnection((c) => c.exec(SCHEMA));
      const before = await database.withConnection(shape);
      expect(before.keys.map((key) => key.name)).toEqual([
        "block_pkey",
        "house_block_code_fkey",
        "house_door_key",
        "house_pkey",
        "pairing_house_id_fkey",
        "pairing_pkey",
      ]);
      const during = await database.withConnection((c) =>
        withKeysAndIndexesDeferred(c, ["block", "house"], async () => {
          // A house before its block: allowed only because its foreign key is gone for the load.
          await c.exec("INSERT INTO house VALUES (1, 'B1', '101'), (2, 'B1', '102'); INSERT INTO block VALUES ('B1')");
          return shape(c);
        }),
      );
      // Only the table outside the load keeps its own key.
      expect(during.keys.map((key) => key.name)).toEqual(["pairing_pkey"]);
      expect(during.indexes.map((index) => index.definition)).toEqual([expect.stringContaining("pairing_pkey")]);
      expect(await database.withConnection(shape)).toEqual(before);
    } finally {
      await database.close();
    }
  });

  it("fails where a loaded row breaks a key, when the key is put back, in a transaction or not", async () => {
    const duplicate = (c: SqlConnection) =>
      withKeysAndIndexesDeferred(c, ["block", "house"], () =>
        c.exec("INSERT INTO block VALUES ('B1'); INSERT INTO house VALUES (1, 'B1', '101'), (1, 'B1', '102')"),
      );
    const database = await openDatabase({ inMemory: true });
    try {
      await database.withConnection((c) => c.exec(SCHEMA));
      await database.withConnection(async (c) => {
        // Inside a transaction (the case history's): the key's own error, and the rollback restores every key.
        const before = await shape(c);
        await c.exec("BEGIN");
        await expect(duplicate(c)).rejects.toThrow(/house_pkey|duplicate/);
        await c.exec("ROLLBACK");
        expect(await shape(c)).toEqual(before);
      });
      await expect(database.withConnection(duplicate)).rejects.toThrow(/house_pkey|duplicate/);
    } finally {
      await database.close();
    }
  });
});
