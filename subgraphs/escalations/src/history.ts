// A district with a history: years of cases generated with set-based SQL (INSERT … SELECT over
// generate_series), each following one of the stories of history-stories.ts exactly as the
// workflow would have written it: the case row, its tier clocks with deadlines on the working-day
// calendar, its events and its revisits. Deadlines use a day → working-day ordinal table built once
// (the n-th working day after d is the one whose ordinal is d's plus n), not a function call per row.
import { withKeysAndIndexesDeferred } from "@grassroots/platform";
import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import type { Prisma } from "./generated/prisma/client";
import { compileStory, STORIES, TEXTS } from "./history-stories";

export interface HistoryOptions {
  now: Date;
  years: number;
  cases: number;
  /** The district's block codes, and its households' ids block by block, `perBlock` each. */
  blocks: string[];
  households: string[];
  perBlock: number;
  /** The department receiving each case category in this district. */
  departments: Record<string, string>;
  /** The story of each case, in order (for the agreement test); otherwise drawn by perMille. */
  stories?: number[];
}

const CHANNELS = ["HOME_VISIT", "RECEPTION", "ONLINE", "HOTLINE", "BLOCK_TEAM"];
const HOUR = "* interval '1 hour'";
const LOCAL = "AT TIME ZONE 'Asia/Shanghai'";
/** Ids by kind, case number and sequence: unique without a random generator, and sorted as generated. */
const id = (prefix: string, n: string, sequence = "0") =>
  `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 9, '0') || lpad(to_hex(${sequence}), 3, '0'))::uuid`;
const holder = (tier: string) =>
  `CASE ${tier} WHEN 'BLOCK' THEN c.block_code WHEN 'COMMUNITY' THEN left(c.block_code, 12)
     WHEN 'STREET' THEN left(c.block_code, 9) WHEN 'DEPARTMENT' THEN route.department END`;

/** Writes the history into the caller's transaction; answers the cases written. */
export async function generateCaseHistory(tx: Prisma.TransactionClient, options: HistoryOptions): Promise<number> {
  const compiled = STORIES.map((_, index) => compileStory(index));
  let bound = 0;
  const stories = compiled.map((story) => {
    const { perMille, recent, steps } = STORIES[story.story]!;
    const recentDays = STORIES[story.story]!.recentDays ?? 4;
    const row = { ...story, lo: bound, hi: bound + perMille, recent, recentDays, version: steps.length + 1 };
    bound += perMille;
    return row;
  });
  const json = (rows: object[]) => JSON.stringify(rows);
  const run = (sql: string, ...values: unknown[]) => tx.$executeRawUnsafe(sql, ...values);
  // Hash joins and sorts over a million rows stay in memory.
  await run("SET LOCAL work_mem = '128MB'");

  await run(
    `CREATE TEMP TABLE h_block ON COMMIT DROP AS
    SELECT (idx - 1)::int AS idx, code FROM unnest($1::text[]) WITH ORDINALITY AS b(code, idx)`,
    options.blocks,
  );
  await run(
    `CREATE TEMP TABLE h_household ON COMMIT DROP AS
    SELECT (idx - 1)::int AS idx, id::uuid FROM unnest(string_to_array($1, ',')) WITH ORDINALITY AS h(id, idx)`,
    options.households.join(","),
  );
  await run(
    `CREATE TEMP TABLE h_route ON COMMIT DROP AS
    SELECT key AS category, value AS department FROM json_each_text($1::json)`,
    JSON.stringify(options.departments),
  );
  await run(
    `CREATE TEMP TABLE h_story ON COMMIT DROP AS SELECT * FROM json_to_recordset($1::json) AS s(
    story int, lo int, hi int, recent boolean, "recentDays" float8, "lastHours" float8, status "CaseStatus", "commitmentHours" float8,
    "resolvedHours" float8, "closedHours" float8, version int)`,
    json(stories),
  );
  // Every event of every story, RAISED first, with its actor.
  const events = stories.flatMap((s) => [
    { story: s.story, sequence: 1, kind: "RAISED", hours: 0, toStatus: "OPEN", toTier: "BLOCK", actor: TEXTS.capturedBy },
    ...s.events.map((e) => ({
      story: s.story,
      ...e,
      actor: ["CLOSED", "REOPENED", "REVISITED"].includes(e.kind) ? TEXTS.revisitedBy : TEXTS.holder,
    })),
  ]);
  await run(
    `CREATE TEMP TABLE h_event ON COMMIT DROP AS SELECT * FROM json_to_recordset($1::json) AS e(
    story int, sequence int, kind "CaseEventKind", actor text, hours float8, "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus", "fromTier" "Tier", "toTier" "Tier", reason text, input jsonb)`,
    json(events),
  );
  await run(
    `CREATE TEMP TABLE h_clock ON COMMIT DROP AS SELECT * FROM json_to_recordset($1::json) AS k(
    story int, sequence int, tier "Tier", "startHours" float8, "acceptedHours" float8, "endedHours" float8, last boolean)`,
    json(stories.flatMap((s) => s.clocks.map((k) => ({ story: s.story, ...k, last: k.sequence === s.clocks.length })))),
  );
  await run(
    `CREATE TEMP TABLE h_revisit ON COMMIT DROP AS SELECT * FROM json_to_recordset($1::json) AS r(
    story int, sequence int, hours float8, outcome "RevisitOutcome", note text)`,
    json(stories.flatMap((s) => s.revisits.map((r, index) => ({ story: s.story, sequence: index + 1, ...r })))),
  );

  // The calendar from before the first case to beyond the last deadline, as ordinals.
  await run(
    `CREATE TEMP TABLE h_day ON COMMIT DROP AS
    SELECT day, ordinal, is_working_day(day) AS working
    FROM working_day_ordinals((($1::timestamptz - $2 * interval '1 year') ${LOCAL})::date - 1, ($1::timestamptz ${LOCAL})::date + 120)`,
    options.now,
    options.years,
  );
  await run(`CREATE TEMP TABLE h_working ON COMMIT DROP AS SELECT ordinal, day FROM h_day WHERE working`);
  // Story by a draw in [0, 1000): each story owns perMille consecutive keys.
  await run(`CREATE TEMP TABLE h_pick ON COMMIT DROP AS
    SELECT key, s.story FROM generate_series(0, 999) AS key JOIN h_story s ON key >= s.lo AND key < s.hi`);
  // Temporary tables have no statistics until analysed: without them the joins below are nested loops.
  for (const table of [
    "h_block",
    "h_household",
    "h_route",
    "h_story",
    "h_event",
    "h_clock",
    "h_revisit",
    "h_day",
    "h_working",
    "h_pick",
  ]) {
    await run(`ANALYZE ${table}`);
  }

  // Each case: its story (drawn by perMille or given), block, household, category, channel and time.
  await run(
    `CREATE TEMP TABLE h_case ON COMMIT DROP AS
    WITH drawn AS (
      SELECT n, random() AS r_story, random() AS r_block, random() AS r_household, random() AS r_time,
             random() AS r_category, random() AS r_channel
      FROM generate_series(1, $3::int) AS n
    )
    SELECT d.n, ${id("ca5e0000", "d.n")} AS id, s.story, b.code AS block_code, h.id AS household_id,
      ($5::text[])[1 + floor(d.r_category * cardinality($5::text[]))::int]::"CaseCategory" AS category,
      ($6::text[])[1 + floor(d.r_channel * cardinality($6::text[]))::int]::"CaseChannel" AS channel,
      date_trunc('second', CASE WHEN s.recent THEN $1::timestamptz - (s."lastHours" + 1 + d.r_time * 24 * s."recentDays") ${HOUR}
        ELSE $1::timestamptz - interval '40 days' - d.r_time * ($2 * 365 - 40) * interval '1 day' END) AS raised_at
    FROM drawn d
    JOIN h_pick pick ON pick.key = coalesce(($7::int[])[d.n], floor(d.r_story * 1000)::int)
    JOIN h_story s ON s.story = pick.story
    JOIN h_block b ON b.idx = floor(d.r_block * (SELECT count(*) FROM h_block))
    JOIN h_household h ON h.idx = b.idx * $4::int + floor(d.r_household * $4::int)`,
    options.now,
    options.years,
    options.cases,
    options.perBlock,
    [...CASE_CATEGORIES],
    CHANNELS,
    options.stories?.map((story) => stories[story]!.lo) ?? null,
  );
  await run("ANALYZE h_case");

  // Every tier clock, with its deadlines counted on the ordinals (working_deadline, set-based).
  await run(`CREATE TEMP TABLE h_case_clock ON COMMIT DROP AS
    SELECT c.n, c.id AS case_id, k.sequence, k.tier, k.last, ${holder("k.tier")} AS holder_code,
      c.raised_at + k."startHours" ${HOUR} AS started_at,
      c.raised_at + k."acceptedHours" ${HOUR} AS accepted_at,
      c.raised_at + k."endedHours" ${HOUR} AS ended_at,
      (response_day.day + 1)::timestamp ${LOCAL} AS response_due_at,
      (due_day.day + 1)::timestamp ${LOCAL} AS due_at
    FROM h_case c
    JOIN h_clock k ON k.story = c.story
    LEFT JOIN h_route route ON route.category = c.category::text
    JOIN tier_policy policy ON policy.tier = k.tier
    JOIN h_day start_day ON start_day.day = ((c.raised_at + k."startHours" ${HOUR}) ${LOCAL})::date
    JOIN h_working response_day ON response_day.ordinal = start_day.ordinal + policy.response_days
    JOIN h_working due_day ON due_day.ordinal = start_day.ordinal + policy.limit_days`);
  await run("ANALYZE h_case_clock");

  const written = await run(
    `INSERT INTO "case" (id, household_id, block_code, channel, category, description, tier,
      holder_code, reach, status, raised_at, raised_by, tier_entered_at, response_due_at, due_at, commitment_date,
      commitment_note, resolution, resolved_at, closed_at, deadline_provisional, transfers_at_tier, version)
    SELECT c.id, c.household_id, c.block_code, c.channel, c.category,
      'Raised at the block: ' || lower(replace(c.category::text, '_', ' ')) || '.', k.tier, k.holder_code,
      ARRAY[left(c.block_code, 6), left(c.block_code, 9), left(c.block_code, 12), c.block_code],
      s.status, c.raised_at, $1, k.started_at, k.response_due_at, k.due_at,
      ((c.raised_at + s."commitmentHours" ${HOUR}) ${LOCAL})::date,
      CASE WHEN s."commitmentHours" IS NOT NULL THEN $2 END,
      CASE WHEN s."resolvedHours" IS NOT NULL THEN $3 END,
      c.raised_at + s."resolvedHours" ${HOUR}, c.raised_at + s."closedHours" ${HOUR},
      -- calendar_provisional(start, due), for spans under a year: every year touched must be official.
      NOT (span.first_year = ANY(official.years) AND span.last_year = ANY(official.years)
           AND (NOT span.late_december OR span.last_year + 1 = ANY(official.years))),
      0, s.version
    FROM h_case c
    JOIN h_story s ON s.story = c.story
    JOIN h_case_clock k ON k.n = c.n AND k.last
    CROSS JOIN (SELECT coalesce(array_agg(year), '{}') AS years FROM calendar_year WHERE NOT provisional) AS official
    CROSS JOIN LATERAL (
      SELECT extract(year FROM (k.started_at ${LOCAL}))::int AS first_year,
             extract(year FROM ((k.due_at - interval '1 millisecond') ${LOCAL}))::int AS last_year,
             to_char((k.due_at - interval '1 millisecond') ${LOCAL}, 'MM-DD') >= '12-25' AS late_december
    ) AS span
    ORDER BY c.raised_at -- as a district writes them: a month's rows together`,
    TEXTS.capturedBy,
    TEXTS.commitment,
    TEXTS.resolution,
  );

  await run(`INSERT INTO tier_clock (id, case_id, sequence, tier, holder_code, started_at, response_due_at, due_at, accepted_at, ended_at)
    SELECT ${id("c10c0000", "n", "sequence")}, case_id, sequence, tier, holder_code, started_at, response_due_at, due_at,
      accepted_at, ended_at
    FROM h_case_clock`);

  await run(`INSERT INTO case_event (id, case_id, sequence, kind, actor, at, from_status, to_status, from_tier, to_tier,
      from_holder, to_holder, reason, input)
    SELECT ${id("e0e00000", "c.n", "e.sequence")}, c.id, e.sequence, e.kind, e.actor, c.raised_at + e.hours ${HOUR},
      e."fromStatus", e."toStatus", e."fromTier", e."toTier", ${holder('e."fromTier"')}, ${holder('e."toTier"')}, e.reason,
      CASE WHEN e.kind = 'ACCEPTED'
        THEN jsonb_set(e.input, '{commitmentDate}', to_jsonb(to_char((c.raised_at + e.hours ${HOUR}) ${LOCAL}, 'YYYY-MM-DD')))
        ELSE e.input END
    FROM h_case c
    JOIN h_event e ON e.story = c.story
    LEFT JOIN h_route route ON route.category = c.category::text`);

  await run(
    `INSERT INTO revisit (id, case_id, outcome, note, recorded_by, at)
    SELECT ${id("ae0e0000", "c.n", "r.sequence")}, c.id, r.outcome, r.note, $1, c.raised_at + r.hours ${HOUR}
    FROM h_case c JOIN h_revisit r ON r.story = c.story`,
    TEXTS.revisitedBy,
  );
  return written;
}

/**
 * Runs a bulk load into the case tables: their user triggers (the roll-ups: rebuild them after)
 * off, their keys, foreign keys and indexes dropped, then all restored set-based (the platform's
 * withKeysAndIndexesDeferred), which costs far less than maintaining them row by row.
 * Everything happens in the caller's transaction: a failure leaves them as they were.
 */
export async function bulkLoadCases<T>(tx: Prisma.TransactionClient, load: () => Promise<T>): Promise<T> {
  const tables = ["case", "tier_clock", "case_event", "revisit"];
  for (const table of tables) await tx.$executeRawUnsafe(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
  const connection = {
    query: <Row>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<Row[]>(sql, ...params),
    exec: async (sql: string) => {
      await tx.$executeRawUnsafe(sql);
    },
  };
  const result = await withKeysAndIndexesDeferred(connection, tables, load);
  for (const table of tables) await tx.$executeRawUnsafe(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
  return result;
}
