// Idempotent creation for clients on bad networks: a retry with the same key and input returns what
// the first call created; the same key with other input is a CONFLICT. The key is claimed and the
// work done in one transaction, so concurrent retries wait for the first and then read its result.
// Two forms, each one call: `idempotent` claims, then creates (a mutation whose checks run inside its
// transaction); `replayOrRun` / `replayOrRunBatch` look the keys up first, so what was stored before is
// answered without being checked again, and check and store a batch's new items together.
//
// Each subgraph that uses it has this model in its Prisma schema (and so a migration):
//
//   model IdempotencyKey {
//     actor        String
//     operation    String
//     key          String
//     requestHash  String   @map("request_hash")
//     resultId     String   @map("result_id")
//     createdAt    DateTime @default(now()) @map("created_at") @db.Timestamptz(3)
//     @@id([actor, operation, key])
//     @@map("idempotency_key")
//   }
import { createHash, randomUUID } from "node:crypto";
import { badUserInput, conflict, retryingDeadlocks } from "./errors";
import { idempotencyReplaysTotal } from "./metrics";

export interface IdempotentRequest {
  /** Who asks (the token's subject): keys are scoped to one caller. */
  actor: string;
  /** The mutation's name. */
  operation: string;
  key: string;
  /** The mutation's input: the same key must come with the same input. */
  input: unknown;
}

/** What the helper needs of a Prisma client: an interactive transaction with raw SQL. */
export interface TransactionalClient<Tx extends RawSql> {
  $transaction<T>(work: (tx: Tx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
}
export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const conflictOf = (operation: string) =>
  conflict(`This idempotency key was already used for a different ${operation}; use a new key.`, { field: "idempotencyKey" });

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Stable JSON: object keys sorted, so the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(input: unknown): string {
  return createHash("sha256").update(canonical(input)).digest("hex");
}

export function checkIdempotencyKey(key: string, field = "idempotencyKey"): void {
  if (!KEY_PATTERN.test(key)) {
    throw badUserInput(`"${field}" must be 8–128 letters, digits or _ . : - (a UUID made on the device works).`, { field });
  }
}

/**
 * `client.$transaction(work)`, run again whole when PostgreSQL refuses it as one side of a deadlock:
 * the refused one changed nothing (keys claimed included), so a second run is what the client would send.
 */
function retriedTransaction<Tx extends RawSql, T>(client: TransactionalClient<Tx>, work: (tx: Tx) => Promise<T>): Promise<T> {
  return retryingDeadlocks(() => client.$transaction(work));
}

/**
 * Runs `create` once per (actor, operation, key) and returns the id it created, with `replayed`
 * telling whether this call only read an earlier result.
 */
export async function idempotent<Tx extends RawSql>(
  client: TransactionalClient<Tx>,
  request: IdempotentRequest,
  create: (tx: Tx) => Promise<string>,
): Promise<{ id: string; replayed: boolean }> {
  checkIdempotencyKey(request.key);
  const hash = requestHash(request.input);
  return retriedTransaction(client, async (tx) => {
    // Claims the key; a concurrent call with the same key waits here until this transaction ends.
    const claimed = await tx.$queryRawUnsafe<{ claimed: boolean }[]>(
      `INSERT INTO idempotency_key (actor, operation, key, request_hash, result_id)
       VALUES ($1, $2, $3, $4, '') ON CONFLICT DO NOTHING RETURNING true AS claimed`,
      request.actor,
      request.operation,
      request.key,
      hash,
    );
    if (claimed.length === 0) {
      const [earlier] = await tx.$queryRawUnsafe<{ request_hash: string; result_id: string }[]>(
        `SELECT request_hash, result_id FROM idempotency_key WHERE actor = $1 AND operation = $2 AND key = $3`,
        request.actor,
        request.operation,
        request.key,
      );
      if (!earlier || earlier.request_hash !== hash) {
        throw conflictOf(request.operation);
      }
      idempotencyReplaysTotal.inc({ operation: request.operation });
      return { id: earlier.result_id, replayed: true };
    }
    const id = await create(tx);
    await tx.$queryRawUnsafe(
      `UPDATE idempotency_key SET result_id = $4 WHERE actor = $1 AND operation = $2 AND key = $3`,
      request.actor,
      request.operation,
      request.key,
      id,
    );
    return { id, replayed: false };
  });
}

/** How one item of a batch was answered: the id stored under its key (now or before), or why not. */
export type IdempotentOutcome = { id: string; replayed: boolean } | { error: unknown };

export interface ReplayOrRunSteps<Tx, Checked> {
  /**
   * Checks one item whose key is new (replays are never checked: a retry of something stored must be
   * answered with it even if the same input would no longer pass); throws why it cannot be stored.
   * A batch's items are checked concurrently, so lookups through DataLoaders share statements.
   */
  check(index: number): Promise<Checked>;
  /**
   * Stores the checked items under the ids given, in the transaction that has just claimed their
   * keys: a whole batch at once, so multi-row inserts serve it.
   */
  create(tx: Tx, items: readonly { index: number; id: string; checked: Checked }[]): Promise<void>;
  /** The id of a new item (default: a random UUID). */
  newId?(): string;
}

interface Earlier {
  key: string;
  request_hash: string;
  result_id: string;
}

/**
 * The idempotency protocol in one call, for a batch of items of one actor and operation, each with
 * its own key: every key is looked up in one statement; an item stored before (by this operation,
 * alone or in another batch) is answered with it, unchecked, and one whose key came with other input
 * is a CONFLICT; the new items are checked, and all that pass are stored in one transaction that
 * claims their keys with one statement. A key claimed meanwhile by a concurrent request waits for it
 * and answers with what it stored (or CONFLICT). The same key twice in a batch is stored once. If the
 * batch's transaction fails, its items are stored one by one, so one bad item costs no other.
 */
export async function replayOrRunBatch<Tx extends RawSql, Checked>(
  client: TransactionalClient<Tx> & RawSql,
  caller: { actor: string; operation: string },
  items: readonly { key: string; input: unknown }[],
  steps: ReplayOrRunSteps<Tx, Checked>,
): Promise<IdempotentOutcome[]> {
  const { actor, operation } = caller;
  const outcomes: (IdempotentOutcome | undefined)[] = items.map(() => undefined);
  const hashes = items.map((item) => requestHash(item.input));
  const valid: number[] = [];
  for (const [i, item] of items.entries()) {
    try {
      checkIdempotencyKey(item.key);
      valid.push(i);
    } catch (error) {
      outcomes[i] = { error };
    }
  }
  const earlier = valid.length
    ? await client.$queryRawUnsafe<Earlier[]>(
        `SELECT key, request_hash, result_id FROM idempotency_key
         WHERE actor = $1 AND operation = $2 AND key = ANY($3::text[]) AND result_id <> ''`,
        actor,
        operation,
        [...new Set(valid.map((i) => items[i]!.key))],
      )
    : [];
  const stored = new Map(earlier.map((row) => [row.key, row]));
  // The first new item of each key is checked; later ones follow it (the same input) or conflict.
  const firstOfKey = new Map<string, number>();
  const followers: number[] = [];
  for (const i of valid) {
    const { key } = items[i]!;
    const row = stored.get(key);
    if (row)
      outcomes[i] = row.request_hash === hashes[i] ? { id: row.result_id, replayed: true } : { error: conflictOf(operation) };
    else if (firstOfKey.has(key)) followers.push(i);
    else firstOfKey.set(key, i);
  }
  const fresh = [...firstOfKey.values()];
  const checked = await Promise.all(
    fresh.map((i) =>
      steps.check(i).then(
        (value) => ({ i, value }),
        (error: unknown) => ({ i, error }),
      ),
    ),
  );
  const ready: { index: number; id: string; checked: Checked }[] = [];
  for (const result of checked) {
    if ("error" in result) outcomes[result.i] = { error: result.error };
    else ready.push({ index: result.i, id: steps.newId?.() ?? randomUUID(), checked: result.value });
  }
  const store = async (batch: typeof ready) => {
    const answers = await claimAndCreate(
      client,
      caller,
      batch.map((item) => ({ ...item, key: items[item.index]!.key, hash: hashes[item.index]! })),
      steps.create,
    );
    for (const [n, item] of batch.entries()) outcomes[item.index] = answers[n];
  };
  if (ready.length) {
    try {
      await store(ready);
    } catch (error) {
      if (ready.length === 1) outcomes[ready[0]!.index] = { error };
      else {
        for (const item of ready) await store([item]).catch((failure: unknown) => (outcomes[item.index] = { error: failure }));
      }
    }
  }
  for (const i of followers) {
    const first = outcomes[firstOfKey.get(items[i]!.key)!]!;
    outcomes[i] =
      hashes[i] !== hashes[firstOfKey.get(items[i]!.key)!]
        ? { error: conflictOf(operation) }
        : "id" in first
          ? { id: first.id, replayed: true }
          : first;
  }
  const replays = (outcomes as IdempotentOutcome[]).filter((outcome) => "replayed" in outcome && outcome.replayed).length;
  if (replays) idempotencyReplaysTotal.inc({ operation }, replays);
  return outcomes as IdempotentOutcome[];
}

/** Claims the items' keys and creates those claimed, in one transaction; answers per item. */
async function claimAndCreate<Tx extends RawSql, Checked>(
  client: TransactionalClient<Tx>,
  { actor, operation }: { actor: string; operation: string },
  items: readonly { index: number; id: string; checked: Checked; key: string; hash: string }[],
  create: ReplayOrRunSteps<Tx, Checked>["create"],
): Promise<IdempotentOutcome[]> {
  return retriedTransaction(client, async (tx) => {
    // A key being claimed by a concurrent transaction waits here until that one ends.
    const claimed = await tx.$queryRawUnsafe<{ key: string }[]>(
      `INSERT INTO idempotency_key (actor, operation, key, request_hash, result_id)
       SELECT $1, $2, item.key, item.hash, item.id FROM unnest($3::text[], $4::text[], $5::text[]) AS item(key, hash, id)
       ON CONFLICT DO NOTHING RETURNING key`,
      actor,
      operation,
      items.map((item) => item.key),
      items.map((item) => item.hash),
      items.map((item) => item.id),
    );
    const ours = new Set(claimed.map((row) => row.key));
    const theirs = items.filter((item) => !ours.has(item.key));
    const earlier = theirs.length
      ? await tx.$queryRawUnsafe<Earlier[]>(
          `SELECT key, request_hash, result_id FROM idempotency_key WHERE actor = $1 AND operation = $2 AND key = ANY($3::text[])`,
          actor,
          operation,
          theirs.map((item) => item.key),
        )
      : [];
    const byKey = new Map(earlier.map((row) => [row.key, row]));
    const mine = items.filter((item) => ours.has(item.key));
    if (mine.length) await create(tx, mine);
    return items.map((item): IdempotentOutcome => {
      const key = item.key;
      if (ours.has(key)) return { id: item.id, replayed: false };
      const row = byKey.get(key);
      return row && row.request_hash === item.hash && row.result_id
        ? { id: row.result_id, replayed: true }
        : { error: conflictOf(operation) };
    });
  });
}

/** replayOrRunBatch for one item: its id (stored now or before), or the error why it was not stored. */
export async function replayOrRun<Tx extends RawSql, Checked>(
  client: TransactionalClient<Tx> & RawSql,
  request: IdempotentRequest,
  steps: ReplayOrRunSteps<Tx, Checked>,
): Promise<{ id: string; replayed: boolean }> {
  const [outcome] = await replayOrRunBatch(client, request, [{ key: request.key, input: request.input }], steps);
  if ("error" in outcome!) throw outcome.error;
  return outcome!;
}
