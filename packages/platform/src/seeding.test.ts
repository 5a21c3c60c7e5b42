// A start killed while seeding must not leave a partial database for good: the next start rebuilds
// it and seeds it whole; a completed seed never runs again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database";
import { createLogger } from "./logger";
import { applyMigrations } from "./migrations";
import { seedOnce } from "./seeding";
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
