// A PGlite database migrated in the process that then serves it (the embedded default's first
// start): an array of an enum a migration made is sent as an array. PGlite reads the array types it
// can send when it opens, so before applyMigrations told it of new ones, the first start's logVisit
// failed ("Array value must start with "{"") until a restart.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database";
import { applyMigrations } from "./migrations";

const migrationsDir = mkdtempSync(join(tmpdir(), "grassroots-enum-migrations-"));
mkdirSync(join(migrationsDir, "0001_moods"));
writeFileSync(join(migrationsDir, "0001_moods", "migration.sql"), `CREATE TYPE "Mood" AS ENUM ('HAPPY', 'SAD');`);
afterAll(() => rmSync(migrationsDir, { recursive: true, force: true }));

describe("a PGlite database migrated in this process", () => {
  it("sends arrays of the enums its migrations made", async () => {
    const database = await openDatabase({ inMemory: true });
    try {
      expect(await applyMigrations(database, migrationsDir)).toEqual(["0001_moods"]);
      const rows = await database.withConnection((connection) =>
        connection.query<{ moods: string }>(`SELECT $1::"Mood"[]::text AS moods`, [["HAPPY", "SAD"]]),
      );
      expect(rows).toEqual([{ moods: "{HAPPY,SAD}" }]);
    } finally {
      await database.close();
    }
  });
});
