// Figures on places from per-block figures, in one SQL statement however many places are asked:
// the caller selects its figures per block over the span of block codes the places cover; this
// sums them up to each place by equality on the block's ancestor codes (a hash join).
import { raw, type Sql, sqltag as sql } from "@prisma/client/runtime/client";
import { blockCodeSpan, ROLL_UP_PER_BLOCK } from "./index";

/** What every generated Prisma client offers: a raw query from a composed SQL fragment. */
export interface RawQueries {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/**
 * Sums `figures` (integer columns that `perBlock` selects beside `block_code`, named exactly as
 * the figures) up to each of `codes`, a place of any level. Answers in the order of `codes`,
 * zero for a place with no rows.
 */
export async function rollUpToPlaces<Figure extends string>(
  db: RawQueries,
  codes: readonly string[],
  figures: readonly Figure[],
  perBlock: (span: { from: string; to: string }) => Sql,
): Promise<Record<Figure, number>[]> {
  const sums = figures.map((figure) => `coalesce(sum(per_block."${figure}"), 0)::int AS "${figure}"`).join(", ");
  const rows = await db.$queryRaw<({ code: string } & Record<Figure, number>)[]>(sql`
    WITH per_block AS (${perBlock(blockCodeSpan(codes))})
    SELECT place.code, ${raw(sums)}
    FROM unnest(${[...codes]}::text[]) AS place(code)
    LEFT JOIN ${raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
    GROUP BY place.code`);
  const byCode = new Map(rows.map(({ code, ...values }) => [code, values as unknown as Record<Figure, number>]));
  const none = Object.fromEntries(figures.map((figure) => [figure, 0])) as Record<Figure, number>;
  return codes.map((code) => byCode.get(code) ?? none);
}
