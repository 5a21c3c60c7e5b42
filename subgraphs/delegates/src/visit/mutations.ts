// Logging visits from phones on bad networks. Every visit carries an idempotency key made on the
// phone: a retry with the same key and input returns the first visit, the same key with other
// input is a CONFLICT. A batch queued offline answers per item: its keys are looked up in one
// statement, replays answered unchecked, the new items checked together and stored in one
// transaction (replayOrRunBatch), so one bad item loses none of the others. Keys are shared by
// logVisit and logVisits: an item sent alone and then again in a batch is stored once.
import {
  createLogger,
  forbidden,
  type IdempotentOutcome,
  notFound,
  parseUuid,
  type RawSql,
  replayOrRunBatch,
  type TransactionalClient,
} from "@grassroots/platform";
import { GraphQLError } from "graphql";
import { builder } from "../builder";
import type { Context } from "../context";
import type { Visit as VisitRow } from "../generated/prisma/client";
import { loggingProblem } from "./access";
import { checkVisit, type ItemError, type ItemErrorCode, MAX_VISIT_AGE_DAYS, type VisitInputShape } from "./rules";
import { Visit, VisitCategoryEnum, VisitChannelEnum } from "./visit";

/** Largest offline batch: a phone sends a longer queue in several requests. */
export const MAX_BATCH = 100;
const OPERATION = "logVisit";

const VisitHouseholdInput = builder.inputType("VisitHouseholdInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    blockCode: t.id({
      required: true,
      description:
        "The household's block, as the app read it with the household (household { block { code } }). The visit " +
        "belongs to this block: it decides who reads the visit and where it counts for coverage.",
    }),
  }),
});

const WalkInInput = builder.inputType("WalkInInput", {
  description: "An unregistered resident: personal data, shown only to those who serve the room's place.",
  fields: (t) => ({
    name: t.string({ required: true }),
    phone: t.string({ required: true, description: "A mobile number, or a landline with its area code." }),
  }),
});

const LogVisitInput = builder.inputType("LogVisitInput", {
  description: `A visit as logged on a phone. occurredAt may be up to ${MAX_VISIT_AGE_DAYS} days ago and not in the future (a few minutes of clock skew are allowed).`,
  fields: (t) => ({
    idempotencyKey: t.string({
      required: true,
      description:
        "Made on the phone when the visit was logged (a UUID works); a retry with the same key and input returns the first visit.",
    }),
    channel: t.field({ type: VisitChannelEnum, required: true }),
    roomId: t.id({ description: "The room the visit came through; required unless a home visit, which has none." }),
    household: t.field({ type: VisitHouseholdInput, description: "The household visited; or give walkIn." }),
    walkIn: t.field({ type: WalkInInput, description: "An unregistered walk-in; not for home visits." }),
    delegateIds: t.idList({ description: "Delegates present (at most 20), from rooms serving the visit's place." }),
    category: t.field({ type: VisitCategoryEnum, required: true }),
    summary: t.string({ required: true, description: "What the resident raised and what was done (1–2000 characters)." }),
    followUpNeeded: t.boolean({ required: true }),
    occurredAt: t.field({ type: "DateTime", required: true }),
  }),
});

const ItemErrorCodeEnum = builder.enumType("ItemErrorCode", {
  description: "The same codes as errors' extensions.code.",
  values: {
    BAD_USER_INPUT: { description: "The item is invalid; fix the field named and send it with a new key." },
    FORBIDDEN: { description: "The caller may not log this visit." },
    CONFLICT: { description: "The key was already used for a different visit; this item was not stored." },
    INTERNAL_SERVER_ERROR: { description: "Not stored because of a failure on our side: send the item again, same key." },
  } satisfies Record<ItemErrorCode, { description: string }>,
});

const ItemErrorRef = builder.objectRef<ItemError>("ItemError").implement({
  description: "Why one item of a batch was not stored.",
  fields: (t) => ({
    code: t.field({ type: ItemErrorCodeEnum, resolve: (error) => error.code }),
    message: t.exposeString("message"),
    field: t.exposeString("field", {
      nullable: true,
      description: "The input field at fault, e.g. occurredAt or household.blockCode.",
    }),
    retryable: t.exposeBoolean("retryable", {
      description:
        "true: not stored because of a failure on our side; send the same item again, same key. false: this item will " +
        "never be stored as sent, however often it is sent; fix the field named and send it with a new key, or drop it.",
    }),
  }),
});

interface ItemResult {
  idempotencyKey: string;
  visitId: string | null;
  error: ItemError | null;
}

const LogVisitResult = builder.objectRef<ItemResult>("LogVisitResult").implement({
  description: "One item of a batch: the visit stored (or stored earlier under the same key), or why not.",
  fields: (t) => ({
    idempotencyKey: t.exposeString("idempotencyKey"),
    visit: t.field({
      type: Visit,
      nullable: true,
      resolve: (result, _args, context) => (result.visitId ? context.loaders.visit.load(result.visitId) : null),
    }),
    error: t.field({ type: ItemErrorRef, nullable: true, resolve: (result) => result.error }),
  }),
});

// 50 retries of one visit queue behind the first on its key: wait up to 15 s for a connection, and
// for the lock, before giving up.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/**
 * The request's raw-SQL transactions (node-postgres on PostgreSQL: database.ts), with the options
 * above. A batch refused as one side of a deadlock (visits of several blocks or years, written beside
 * another batch in the opposite order: docs/architecture.md) is run again, whole, by the platform's
 * replayOrRunBatch, as its phone would.
 */
function transactional(context: Context): TransactionalClient<RawSql> & RawSql {
  const { transactions } = context;
  return {
    $transaction: (work) => transactions.$transaction(work, TRANSACTION_OPTIONS),
    $queryRawUnsafe: (query, ...values) => transactions.$queryRawUnsafe(query, ...values),
  };
}

/**
 * Stores the new items of a batch and answers every item by the protocol of replayOrRunBatch: one
 * statement looks all keys up, replays are answered unchecked, new items are checked together (their
 * room and delegate lookups share statements) and stored with one multi-row insert per table. The
 * visits stored are primed into the request's loader, so answering them reads nothing back.
 */
async function logBatch(context: Context, inputs: readonly VisitInputShape[]): Promise<IdempotentOutcome[]> {
  const actor = context.access.viewer!.subject;
  const created: VisitRow[] = [];
  const outcomes = await replayOrRunBatch(
    transactional(context),
    { actor, operation: OPERATION },
    inputs.map(({ idempotencyKey, ...request }) => ({ key: idempotencyKey, input: request })),
    {
      check: async (i) => {
        const checked = await checkVisit(inputs[i]!, context);
        if ("error" in checked) throwItemError(checked.error);
        return checked.visit;
      },
      create: async (tx, items) => {
        const visits = items.map(({ id, checked: { delegateIds: _delegateIds, ...visit } }) => ({
          ...visit,
          id,
          loggedBy: actor,
          recordedAt: context.now,
        }));
        const present = items.flatMap(({ id, checked }) =>
          checked.delegateIds.map((delegateId) => ({ visitId: id, delegateId })),
        );
        created.push(...(await insertVisits(tx, visits, present)));
      },
    },
  );
  const stored = new Set(outcomes.flatMap((outcome) => ("id" in outcome && !outcome.replayed ? [outcome.id] : [])));
  for (const row of created) if (stored.has(row.id)) context.loaders.visit.prime(row.id, row);
  return outcomes;
}

/**
 * Stores visits and who was present in one statement (a data-modifying WITH: the presence rows'
 * references are checked as the statement ends, once its visits exist), and answers the visits as
 * Prisma's rows. Visits go in in order of place (digits, so byte order): the roll-up trigger then
 * takes the places' window counters in the order every transaction takes them (migration 0011).
 * Raw SQL rather than Prisma's createManyAndReturn and createMany: those two calls were a third of
 * this subgraph's CPU per logVisit, the phone fleet's write.
 */
async function insertVisits(
  tx: RawSql,
  visits: VisitRow[],
  present: { visitId: string; delegateId: string }[],
): Promise<VisitRow[]> {
  const column = <Key extends keyof VisitRow>(key: Key) => visits.map((visit) => visit[key]);
  const instants = (key: "occurredAt" | "recordedAt") => visits.map((visit) => visit[key].toISOString());
  const rows = await tx.$queryRawUnsafe<
    (Omit<VisitRow, "occurredAt" | "recordedAt"> & { occurredAt: Date | string; recordedAt: Date | string })[]
  >(
    `WITH stored AS (
       INSERT INTO visit (id, channel, room_id, household_id, place_code, walk_in_name, walk_in_phone, logged_by,
         category, summary, follow_up_needed, occurred_at, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::"VisitChannel"[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::"VisitCategory"[], $10::text[], $11::boolean[], $12::timestamptz[], $13::timestamptz[])
         AS item(id, channel, room_id, household_id, place_code)
       ORDER BY item.place_code COLLATE "C"
       RETURNING *
     ), presence AS (
       INSERT INTO visit_delegate (visit_id, delegate_id) SELECT * FROM unnest($14::uuid[], $15::uuid[])
     )
     SELECT id::text, channel::text, room_id::text AS "roomId", household_id::text AS "householdId",
       place_code AS "placeCode", walk_in_name AS "walkInName", walk_in_phone AS "walkInPhone", logged_by AS "loggedBy",
       category::text, summary, follow_up_needed AS "followUpNeeded", occurred_at AS "occurredAt", recorded_at AS "recordedAt"
     FROM stored`,
    column("id"),
    column("channel"),
    column("roomId"),
    column("householdId"),
    column("placeCode"),
    column("walkInName"),
    column("walkInPhone"),
    column("loggedBy"),
    column("category"),
    column("summary"),
    column("followUpNeeded"),
    instants("occurredAt"),
    instants("recordedAt"),
    present.map((row) => row.visitId),
    present.map((row) => row.delegateId),
  );
  // node-postgres and PGlite answer timestamptz as Dates, Prisma's raw path over an adapter may
  // answer text: the loader's rows are Prisma's, with Dates.
  return rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt), recordedAt: new Date(row.recordedAt) }) as VisitRow);
}

const CLIENT_CODES = new Set<string>(["BAD_USER_INPUT", "FORBIDDEN", "CONFLICT"]);
let logger: ReturnType<typeof createLogger> | undefined;

/** A thrown error as an item's error; failures of ours are logged and reported without detail. */
function asItemError(error: unknown): ItemError {
  if (error instanceof GraphQLError && CLIENT_CODES.has(String(error.extensions.code))) {
    const field = error.extensions.field;
    return {
      code: error.extensions.code as ItemErrorCode,
      message: error.message,
      field: typeof field === "string" ? field : null,
      retryable: false,
    };
  }
  logger ??= createLogger("delegates");
  logger.error({ err: error }, "a queued visit could not be stored");
  return {
    code: "INTERNAL_SERVER_ERROR",
    message: "This visit was not stored because of a failure on our side; send it again with the same key.",
    field: null,
    retryable: true,
  };
}

function throwItemError(error: ItemError): never {
  throw new GraphQLError(error.message, { extensions: { code: error.code, ...(error.field ? { field: error.field } : {}) } });
}

builder.mutationFields((t) => ({
  logVisit: t.field({
    type: Visit,
    description:
      "Logs one visit. A retry with the same idempotencyKey and input returns the first visit; the same key with " +
      "other input is a CONFLICT. Room staff log only for their own room (home visits: within its place).",
    args: { input: t.arg({ type: LogVisitInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const [outcome] = await logBatch(context, [input]);
      if ("error" in outcome!) throw outcome.error;
      return (await context.loaders.visit.load(outcome!.id))!;
    },
  }),

  logVisits: t.field({
    type: [LogVisitResult],
    description:
      `Logs a batch queued offline (at most ${MAX_BATCH}), answering per item in the same order. Each item is ` +
      "stored on its own, so invalid items do not stop the others; an item already stored under its key (by logVisit " +
      "or an earlier batch) answers with that visit. Resend only the items whose error is retryable.",
    args: { inputs: t.arg({ type: [LogVisitInput], required: true }) },
    resolve: async (_root, { inputs }, context) => {
      if (inputs.length === 0 || inputs.length > MAX_BATCH) {
        throwItemError({
          code: "BAD_USER_INPUT",
          message: `Send 1–${MAX_BATCH} visits per batch.`,
          field: "inputs",
          retryable: false,
        });
      }
      const outcomes = await logBatch(context, inputs);
      return outcomes.map(
        (outcome, i): ItemResult => ({
          idempotencyKey: inputs[i]!.idempotencyKey,
          visitId: "id" in outcome ? outcome.id : null,
          error: "error" in outcome ? asItemError(outcome.error) : null,
        }),
      );
    },
  }),

  recordVisitFollowUp: t.field({
    type: Visit,
    description:
      "Records that a case was raised from this visit (call it with the case raiseCase returned). The escalations " +
      "subgraph owns cases and this subgraph cannot read its database, so the link is kept here as the staff app " +
      "reports it; the case id is not checked against escalations. Recording the same case again changes nothing, " +
      "so a queued retry is safe.",
    args: { visitId: t.arg.id({ required: true }), caseId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const visitId = parseUuid(String(args.visitId), "visitId");
      const caseId = parseUuid(String(args.caseId), "caseId");
      const visit = await context.loaders.visit.load(visitId);
      if (!visit) throw context.access.isAdmin ? notFound("No visit has this id.") : forbidden();
      // A visit the viewer may not read looks absent: the reason would tell where it belongs.
      if (!context.access.isAdmin && !context.access.servesBlock(visit.placeCode)) throw forbidden();
      const refusal = loggingProblem(context.access, visit);
      if (refusal) throw forbidden(refusal);
      await context.prisma.visitFollowUp.createMany({
        data: [{ visitId, caseId, recordedBy: context.access.viewer!.subject, recordedAt: context.now }],
        skipDuplicates: true,
      });
      return visit;
    },
  }),
}));
