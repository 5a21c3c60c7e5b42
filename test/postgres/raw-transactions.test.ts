// Raw-SQL transactions on PostgreSQL (packages/platform/src/database.ts, RawTransactions): node-postgres
// on the pool Prisma shares, which logVisit stores visits with. What Prisma's interactive transactions
// promised must hold here too: a commit keeps every statement, a throw keeps none, a transaction
// past its timeout (waiting for a lock, or over several statements) is rolled back, a wait for a
// connection past maxWait fails, a connection the server drops fails its transaction and not the
// process, and the pool always gets its connections back. PostgreSQL only (PGlite writes through Prisma).
import { type Database, openDatabase } from "@grassroots/platform";
import { createTestDatabase, type TestDatabase } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let testDatabase: TestDatabase;
let database: Database;
const transactions = () => database.rawTransactions!;
const names = async () =>
  (await transactions().$queryRawUnsafe<{ name: string }[]>("SELECT name FROM thing ORDER BY name")).map((row) => row.name);

beforeAll(async () => {
  testDatabase = await createTestDatabase("raw_transactions");
  // Two connections: enough for one transaction to hold a lock while another waits for it.
  const { url } = testDatabase.location as { url: string };
  database = await openDatabase({ url, poolSize: 2 });
  await database.withConnection((connection) =>
    connection.exec("CREATE TABLE thing (name text PRIMARY KEY, note text NOT NULL DEFAULT '')"),
  );
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe("raw transactions on PostgreSQL", () => {
  it("are node-postgres's, on PostgreSQL only", () => {
    expect(database.kind).toBe("postgres");
    expect(database.rawTransactions).toBeDefined();
  });

  it("keep every statement of a transaction that returns, and answer what it returned", async () => {
    const answer = await transactions().$transaction(async (tx) => {
      await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ($1)", "a");
      const rows = await tx.$queryRawUnsafe<{ name: string }[]>("INSERT INTO thing (name) VALUES ($1) RETURNING name", "b");
      return rows[0]!.name;
    });
    expect(answer).toBe("b");
    expect(await names()).toEqual(["a", "b"]);
  });

  it("keep no statement of a transaction that throws, and pass its error on", async () => {
    await expect(
      transactions().$transaction(async (tx) => {
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ($1)", "c");
        throw new Error("the item cannot be stored");
      }),
    ).rejects.toThrow("the item cannot be stored");
    // A failing statement too: its error (a duplicate key) is the database's, with its code.
    await expect(
      transactions().$transaction(async (tx) => {
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ($1)", "d");
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ($1)", "a");
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await names()).toEqual(["a", "b"]);
  });

  it("roll back a transaction that waits for a lock past its timeout, while the holder keeps its work", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = transactions().$transaction(async (tx) => {
      await tx.$queryRawUnsafe("UPDATE thing SET note = 'holder' WHERE name = 'a'");
      locked();
      await held;
    });
    await isLocked;
    const started = Date.now();
    await expect(
      transactions().$transaction(
        async (tx) => {
          await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ('e')");
          await tx.$queryRawUnsafe("UPDATE thing SET note = 'waiter' WHERE name = 'a'");
        },
        { timeout: 300 },
      ),
      // The client's deadline and the server's statement_timeout are both 300 ms: either ends it.
    ).rejects.toThrow(/took longer than 300 ms|statement timeout/);
    expect(Date.now() - started).toBeLessThan(5000);
    release();
    await holder;
    const rows = await transactions().$queryRawUnsafe<{ name: string; note: string }[]>(
      "SELECT name, note FROM thing ORDER BY name",
    );
    expect(rows).toEqual([
      { name: "a", note: "holder" },
      { name: "b", note: "" },
    ]);
  });

  it("roll back a transaction whose statements together run past its timeout, each quick", async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
    await expect(
      transactions().$transaction(
        async (tx) => {
          for (const name of ["f", "g", "h", "i"]) {
            await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ($1)", name);
            await pause();
          }
        },
        { timeout: 400 },
      ),
    ).rejects.toThrow("The transaction took longer than 400 ms and was rolled back.");
    expect(await names()).toEqual(["a", "b"]);
  });

  it("fail a transaction whose connection the server drops, and go on serving (the process does not crash)", async () => {
    await expect(
      transactions().$transaction(async (tx) => {
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ('j')");
        const [backend] = await tx.$queryRawUnsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid");
        // From the pool's other connection, as an administrator or a failover would.
        await transactions().$queryRawUnsafe("SELECT pg_terminate_backend($1)", backend!.pid);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ('k')");
      }),
    ).rejects.toThrow(/terminat/i);
    expect(await names()).toEqual(["a", "b"]);
    expect(await transactions().$transaction(async (tx) => tx.$queryRawUnsafe<{ one: number }[]>("SELECT 1 AS one"))).toEqual([
      { one: 1 },
    ]);
  });

  it("refuse to report as stored a transaction whose failed statement was swallowed", async () => {
    await expect(
      transactions().$transaction(async (tx) => {
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ('l')");
        await tx.$queryRawUnsafe("INSERT INTO thing (name) VALUES ('a')").catch(() => {});
      }),
    ).rejects.toThrow("A statement of the transaction failed; nothing was stored.");
    expect(await names()).toEqual(["a", "b"]);
  });

  it("fail a transaction that finds no connection free within maxWait, and give every connection back", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let both!: () => void;
    let started = 0;
    const bothHeld = new Promise<void>((resolve) => (both = resolve));
    const holders = [1, 2].map(() =>
      transactions().$transaction(async () => {
        if (++started === 2) both();
        await held;
      }),
    );
    await bothHeld;
    await expect(transactions().$transaction(async () => "never", { maxWait: 200 })).rejects.toThrow(
      /No database connection was free within 200 ms/,
    );
    release();
    await Promise.all(holders);
    // The pool's two connections are free again, the one the late wait was given included.
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        transactions().$transaction(async (tx) => tx.$queryRawUnsafe<{ n: number }[]>("SELECT $1::int AS n", n)),
      ),
    );
    expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4]);
  });
});
