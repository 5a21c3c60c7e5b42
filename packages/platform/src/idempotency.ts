// Idempotent creation for clients on bad networks: a retry with the same key and input returns what
// the first call created; the same key with other input is a CONFLICT. The key is claimed and the
// work done in one transaction, so concurrent retries wait for the first and then read its result.
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
import { createHash } from "node:crypto";
import { badUserInput, conflict } from "./errors";

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
  return client.$transaction(async (tx) => {
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
        throw conflict(`This idempotency key was already used for a different ${request.operation}; use a new key.`, {
          field: "idempotencyKey",
        });
      }
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

/**
 * What an earlier call with this key created, before any validation runs: a retry of something
 * already stored must be answered with it even if the same input would no longer pass (a visit now
 * older than the window, a room the logger has since left). Null when the key is new; CONFLICT when
 * it was used with other input.
 */
export async function earlierResult(client: RawSql, request: IdempotentRequest): Promise<string | null> {
  const [earlier] = await client.$queryRawUnsafe<{ request_hash: string; result_id: string }[]>(
    `SELECT request_hash, result_id FROM idempotency_key WHERE actor = $1 AND operation = $2 AND key = $3 AND result_id <> ''`,
    request.actor,
    request.operation,
    request.key,
  );
  if (!earlier) return null;
  if (earlier.request_hash !== requestHash(request.input)) {
    throw conflict(`This idempotency key was already used for a different ${request.operation}; use a new key.`, {
      field: "idempotencyKey",
    });
  }
  return earlier.result_id;
}
