// replayOrRunBatch on an in-memory PGlite with the idempotency_key table: which items are checked,
// which stored, how each is answered, and that one item failing to store costs no other.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdempotentOutcome, type RawSql, replayOrRun, replayOrRunBatch, type TransactionalClient } from "./idempotency";

let db: PGlite;
const raw = (run: PGlite | Transaction): RawSql => ({
  $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await run.query(query, values)).rows as T,
});
const client = (): TransactionalClient<RawSql> & RawSql => ({
  ...raw(db),
  $transaction: (work) => db.transaction((tx) => work(raw(tx))),
});

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`
    CREATE TABLE idempotency_key (actor text, operation text, key text, request_hash text NOT NULL, result_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor, operation, key));
    CREATE TABLE thing (id text PRIMARY KEY, name text NOT NULL CHECK (name <> 'unstorable'))`);
});
afterAll(() => db?.close());

const caller = { actor: "phone-1", operation: "logThing" };
const code = (outcome: IdempotentOutcome | undefined) =>
  outcome && "error" in outcome ? ((outcome.error as GraphQLError).extensions?.code ?? "thrown") : null;

/** Stores items named as their input says; refuses the name "bad" in its check. */
function steps(checked: string[]) {
  return {
    check: async (name: string) => {
      checked.push(name);
      if (name === "bad") throw new GraphQLError("bad name", { extensions: { code: "BAD_USER_INPUT" } });
      return name;
    },
    create: async (tx: RawSql, items: readonly { id: string; checked: string }[]) => {
      await tx.$queryRawUnsafe(
        "INSERT INTO thing (id, name) SELECT * FROM unnest($1::text[], $2::text[])",
        items.map((item) => item.id),
        items.map((item) => item.checked),
      );
    },
  };
}

async function batch(items: { key: string; name: string }[], checked: string[] = []) {
  const { check, create } = steps(checked);
  return replayOrRunBatch(
    client(),
    caller,
    items.map(({ key, name }) => ({ key, input: { name } })),
    { check: (i) => check(items[i]!.name), create },
  );
}

describe("replayOrRunBatch", () => {
  it("checks and stores only new keys, answers replays unchecked, a key twice once, other input as CONFLICT", async () => {
    const [first] = await batch([{ key: "key-00000001", name: "one" }]);
    expect(first).toMatchObject({ replayed: false });
    const checked: string[] = [];
    const outcomes = await batch(
      [
        { key: "key-00000001", name: "one" },
        { key: "key-00000002", name: "two" },
        { key: "key-00000002", name: "two" },
        { key: "key-00000002", name: "other" },
        { key: "key-00000001", name: "changed" },
        { key: "key-00000003", name: "bad" },
        { key: "short", name: "three" },
      ],
      checked,
    );
    expect(checked).toEqual(["two", "bad"]);
    expect(outcomes[0]).toEqual({ id: (first as { id: string }).id, replayed: true });
    expect(outcomes[1]).toMatchObject({ replayed: false });
    expect(outcomes[2]).toEqual({ id: (outcomes[1] as { id: string }).id, replayed: true });
    expect(outcomes.slice(3).map(code)).toEqual(["CONFLICT", "CONFLICT", "BAD_USER_INPUT", "BAD_USER_INPUT"]);
    const { rows } = await db.query<{ name: string }>("SELECT name FROM thing ORDER BY name");
    expect(rows.map((row) => row.name)).toEqual(["one", "two"]);
  });

  it("stores the others one by one when the batch's insert fails, and answers the failing item with its error", async () => {
    const outcomes = await batch([
      { key: "key-00000010", name: "ten" },
      { key: "key-00000011", name: "unstorable" },
      { key: "key-00000012", name: "twelve" },
    ]);
    expect(outcomes.map(code)).toEqual([null, "thrown", null]);
    const stored = await db.query<{ key: string }>("SELECT key FROM idempotency_key WHERE key LIKE 'key-0000001%' ORDER BY key");
    expect(stored.rows.map((row) => row.key)).toEqual(["key-00000010", "key-00000012"]);
    // The failed item's key is free: sent again (fixed, as a client would after a retryable failure) it is stored.
    const again = await batch([{ key: "key-00000011", name: "eleven" }]);
    expect(again[0]).toMatchObject({ replayed: false });
  });

  it("replayOrRun answers one item the same way, throwing what stopped it", async () => {
    const { check, create } = steps([]);
    const request = { ...caller, key: "key-00000020", input: { name: "twenty" } };
    const stored = await replayOrRun(client(), request, { check: () => check("twenty"), create });
    expect(await replayOrRun(client(), request, { check: () => check("twenty"), create })).toEqual({
      id: stored.id,
      replayed: true,
    });
    await expect(
      replayOrRun(client(), { ...request, input: { name: "other" } }, { check: () => check("other"), create }),
    ).rejects.toMatchObject({ extensions: { code: "CONFLICT" } });
  });
});
