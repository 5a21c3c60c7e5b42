// A write that PostgreSQL refuses as one side of a deadlock changed nothing, and is run again
// (retryingDeadlocks: in the case rules for transitions, in the platform's idempotency protocol for
// creating mutations and logged visits): the caller sees it land, once, not INTERNAL_SERVER_ERROR.
// Writes meet that way when their roll-up rows of several blocks or years are taken in opposite
// orders (a clock's deadline in the next year, a batch of visits); here the deadlock is made on
// purpose, step by step. Another transaction holds the table the write appends to (the write waits
// there while holding a row), then asks for that row: PostgreSQL refuses the write, which waited
// first. PostgreSQL only.
import { randomUUID } from "node:crypto";
import { createDelegatesSubgraph } from "@grassroots/delegates";
import { seedDelegates } from "@grassroots/delegates/seed";
import { createDemoDirectory, demoTree, householdsOfBlock, roomIdOf, SCALES } from "@grassroots/demo-district";
import { createEscalationsSubgraph } from "@grassroots/escalations";
import type { RawSql } from "@grassroots/platform";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const scale = SCALES.test;
const block = demoTree(scale).blocks[0]!.code;
const household = householdsOfBlock(block, scale).households[0]!.id;
type Subgraph = Awaited<ReturnType<typeof startTestSubgraph>>;
let escalations: Subgraph;
let delegates: Subgraph;

beforeAll(async () => {
  const directory = createDemoDirectory(scale);
  escalations = await startTestSubgraph(createEscalationsSubgraph({ directory }));
  delegates = await startTestSubgraph(
    createDelegatesSubgraph({ directory: { ...directory, householdBlock: async (id) => (id === household ? block : null) } }),
    seedDelegates(scale),
  );
});
afterAll(async () => {
  await escalations?.close();
  await delegates?.close();
});

async function waitUntil(what: string, condition: () => Promise<boolean>) {
  for (let tries = 0; tries < 200; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

type Answer = Awaited<ReturnType<Subgraph["query"]>>;

const countIn = async (subgraph: Subgraph, sql: string, ...values: unknown[]) =>
  (await subgraph.database.rawTransactions!.$queryRawUnsafe<{ n: number }[]>(sql, ...values))[0]!.n;
const deadlocks = (subgraph: Subgraph) =>
  countIn(subgraph, "SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()");

class RolledBack extends Error {}

/**
 * Holds `table` (or what `hold` takes) while `write` starts and waits for it (in the statement
 * `waitingIn` begins with, where given); then `closeCycle` asks for a row the write holds, and the
 * write is refused. This transaction then rolls back.
 */
async function deadlocked(
  subgraph: Subgraph,
  hold: string | ((tx: RawSql) => Promise<unknown>),
  write: () => Promise<Answer>,
  closeCycle: (tx: RawSql) => Promise<unknown>,
  waitingIn = "",
): Promise<Answer> {
  const before = await deadlocks(subgraph);
  let answer!: Promise<Answer>;
  await subgraph.database
    .rawTransactions!.$transaction(async (tx: RawSql) => {
      // Inserting (ROW EXCLUSIVE) into a table held so now waits for this transaction.
      await (typeof hold === "string" ? tx.$queryRawUnsafe(`LOCK TABLE ${hold} IN SHARE MODE`) : hold(tx));
      answer = write();
      await waitUntil("the write waits for what this transaction holds", async () => {
        const waiting = await countIn(
          subgraph,
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND starts_with(query, $1)`,
          waitingIn,
        );
        return waiting > 0;
      });
      await closeCycle(tx);
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  const result = await answer;
  await waitUntil("PostgreSQL counts the deadlock", async () => (await deadlocks(subgraph)) > before);
  return result;
}

/** The claim of an idempotency key by another request: it waits for the write's own claim of it. */
const claimKey = (operation: string, key: string) => (tx: RawSql) =>
  tx.$queryRawUnsafe(
    `INSERT INTO idempotency_key (actor, operation, key, request_hash, result_id)
     VALUES ($1, $2, $3, 'another request', '') ON CONFLICT DO NOTHING`,
    "test-admin",
    operation,
    key,
  );

const raiseInput = () => ({
  idempotencyKey: randomUUID(),
  blockCode: block,
  householdId: household,
  channel: "HOTLINE",
  category: "HOUSING",
  description: "Leaking roof",
});
const RAISE = "mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id version } }";

describe("a write refused as one side of a deadlock", () => {
  it("is run again and lands once: a case transition", async () => {
    const raised = await escalations.query<{ raiseCase: { id: string } }>(RAISE, { input: raiseInput() });
    expect(raised.errors).toBeUndefined();
    const { id } = raised.data!.raiseCase;
    const { data, errors } = await deadlocked(
      escalations,
      "case_event",
      () =>
        escalations.query(`mutation($input: EscalateCaseInput!) { escalateCase(input: $input) { id version } }`, {
          input: { id, expectedVersion: 1, reason: "Beyond the block team" },
        }),
      // The transition holds the case row.
      (tx) => tx.$queryRawUnsafe(`SELECT id FROM "case" WHERE id = $1::uuid FOR UPDATE`, id),
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ escalateCase: { id, version: 2 } });
    // Raised and escalated, each recorded once.
    expect(await countIn(escalations, `SELECT count(*)::int AS n FROM case_event WHERE case_id = $1::uuid`, id)).toBe(2);
  });

  it("is run again and lands once: raising a case under an idempotency key", async () => {
    const input = raiseInput();
    const { data, errors } = await deadlocked(
      escalations,
      "case_event",
      () => escalations.query(RAISE, { input }),
      claimKey("raiseCase", input.idempotencyKey),
    );
    expect(errors).toBeUndefined();
    const { id } = (data as { raiseCase: { id: string } }).raiseCase;
    expect(await countIn(escalations, `SELECT count(*)::int AS n FROM "case" WHERE id = $1::uuid`, id)).toBe(1);
    const stored = `SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1 AND result_id = $2`;
    expect(await countIn(escalations, stored, input.idempotencyKey, id)).toBe(1);
  });

  it("is run again and lands once: a visit logged under an idempotency key", async () => {
    const input = visitInput(30);
    // A batch of several that fails is stored again item by item anyway; one item has only the retry.
    const answer = await deadlocked(delegates, "visit", () => logVisit(input), claimKey("logVisit", input.idempotencyKey));
    await expectVisitStoredOnce(answer, input.idempotencyKey);
  });

  it("is run again and lands once: a visit whose roll-ups meet another transaction as it commits", async () => {
    // The block's counter exists once it has a visit.
    expect((await logVisit(visitInput(25))).errors).toBeUndefined();
    const input = visitInput(20);
    // The roll-up triggers run at COMMIT (migration 0012), so the write waits for the block's
    // counter there, having stored its visit and claimed its key.
    const answer = await deadlocked(
      delegates,
      (tx) => tx.$queryRawUnsafe("SELECT FROM visited_household_window WHERE block_code = $1 FOR UPDATE", block),
      () => logVisit(input),
      claimKey("logVisit", input.idempotencyKey),
      "COMMIT",
    );
    await expectVisitStoredOnce(answer, input.idempotencyKey);
  });
});

/** A reception visit of the household, `minutesAgo`, under a new key. */
const visitInput = (minutesAgo: number) => ({
  idempotencyKey: randomUUID(),
  channel: "RECEPTION",
  roomId: roomIdOf(block.slice(0, 12)),
  household: { id: household, blockCode: block },
  category: "OTHER",
  summary: "Routine visit.",
  followUpNeeded: false,
  occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
});

const logVisit = (input: ReturnType<typeof visitInput>) =>
  delegates.query(`mutation($input: LogVisitInput!) { logVisit(input: $input) { id } }`, { input });

/** The visit answered is stored once, under its key. */
async function expectVisitStoredOnce({ data, errors }: Answer, key: string) {
  expect(errors).toBeUndefined();
  const { id } = (data as { logVisit: { id: string } }).logVisit;
  expect(await countIn(delegates, "SELECT count(*)::int AS n FROM visit WHERE id = $1::uuid", id)).toBe(1);
  const stored = "SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1 AND result_id = $2";
  expect(await countIn(delegates, stored, key, id)).toBe(1);
}
