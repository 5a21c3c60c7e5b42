// Figures on places from per-block figures, in one SQL statement however many places are asked:
// the caller selects its figures per block over the span of block codes the places cover; this
// sums them up to each place: places of one level by the ancestor code of that length, places of
// mixed levels by equality on each block's four ancestor codes (a hash join).
import { raw, type Sql, sqltag as sql } from "@prisma/client/runtime/client";
import { blockCodeSpan, codeLength, levelOf, ROLL_UP_PER_BLOCK } from "./index";

/**
 * A raw query from a composed SQL fragment: every generated Prisma client's, or node-postgres's
 * (the platform's RawReads), whose rows differ in bigint and numeric types: the figures summed
 * here are cast to int, so both answer the same.
 */
export interface RawQueries {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/**
 * How coarse the rows of blocks may be: COMMUNITY when every place asked is a community or above,
 * all of one level, so a row may stand for a community's blocks (its code the community's 12
 * digits), from a roll-up kept per community; BLOCK otherwise.
 */
export type RowGrain = "BLOCK" | "COMMUNITY";

/**
 * Sums `figures` (integer columns that `perBlock` selects beside `block_code`, named exactly as
 * the figures) up to each of `codes`, a place of any level. `perBlock` may give a block several
 * rows (a month each, a raw count beside a bucket): they are summed, so it need not group them.
 * Answers in the order of `codes`, zero for a place with no rows.
 */
export async function rollUpToPlaces<Figure extends string>(
  db: RawQueries,
  codes: readonly string[],
  figures: readonly Figure[],
  perBlock: (span: { from: string; to: string }, grain: RowGrain) => Sql,
): Promise<Record<Figure, number>[]> {
  if (codes.length === 0) return [];
  const sumsOf = (relation: string) =>
    figures.map((figure) => `coalesce(sum(${relation}."${figure}"), 0)::int AS "${figure}"`).join(", ");
  const length = codes[0]!.length;
  // Codes of a real level only (a subgraph's entities may be any string a caller sent): a code of
  // another length answers zero, as on the mixed path, rather than the sum under its prefix.
  const oneLevel = levelOf(codes[0]!) !== null && codes.every((code) => code.length === length);
  const rowsOfBlocks = perBlock(blockCodeSpan(codes), oneLevel && length <= codeLength("COMMUNITY") ? "COMMUNITY" : "BLOCK");
  // Places of one level (as a gateway asks them: one fetch per level of a dashboard) sum their
  // blocks' rows straight by the ancestor code of that length, in one aggregation rather than
  // grouping per block first and joining every block to four ancestors (the district's case figures,
  // with the overdue index of migration 0009: 5.7 → 2.2 ms in psql).
  // Blocks are grouped by their own code: left() on every row of a district's 18,000 month buckets
  // cost a third of the statement (PostgreSQL, the visit coverage of 1,500 blocks: 10.3 → 6.8 ms).
  const ancestor =
    length === codeLength("BLOCK") ? raw("block_rows.block_code") : sql`left(block_rows.block_code, ${length}::int)`;
  const rows = await db.$queryRaw<({ code: string } & Record<Figure, number>)[]>(
    oneLevel
      ? sql`
    SELECT ${ancestor} AS code, ${raw(sumsOf("block_rows"))}
    FROM (${rowsOfBlocks}) AS block_rows
    GROUP BY 1`
      : // Mixed levels: each block once, joined to its four ancestor codes.
        sql`
    WITH per_block AS (
      SELECT block_rows.block_code, ${raw(figures.map((figure) => `sum(block_rows."${figure}") AS "${figure}"`).join(", "))}
      FROM (${rowsOfBlocks}) AS block_rows GROUP BY block_rows.block_code)
    SELECT place.code, ${raw(sumsOf("per_block"))}
    FROM unnest(${[...codes]}::text[]) AS place(code)
    LEFT JOIN ${raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
    GROUP BY place.code`,
  );
  // The figures copied by name: an object rest per row (a runtime call each) was most of this
  // function's own time on a district's 1,500 blocks.
  const byCode = new Map<string, Record<Figure, number>>();
  for (const row of rows) {
    const values = {} as Record<Figure, number>;
    for (const figure of figures) values[figure] = row[figure];
    byCode.set(row.code, values);
  }
  const none = Object.fromEntries(figures.map((figure) => [figure, 0])) as Record<Figure, number>;
  return codes.map((code) => byCode.get(code) ?? none);
}

/**
 * The first days of a day's year and month (YYYY-MM-DD, all three): the bounds of a figure as of
 * that day read from year, month and day changes (years before the first, the year's months before
 * the second, the month's days up to the day). Passed to PostgreSQL as constants: computed there with
 * date_trunc (only stable for a date), they cost once per bucket row.
 */
export function yearAndMonthStarts(day: string): { year: string; month: string } {
  return { year: `${day.slice(0, 4)}-01-01`, month: `${day.slice(0, 7)}-01` };
}
