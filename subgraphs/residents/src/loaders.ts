// Per-request loaders. Every count or page asked of many places at once (a dashboard walking the
// whole tree) becomes one SQL statement, whatever the number of places.
import { blockCodeSpan, ROLL_UP_PER_BLOCK } from "@grassroots/jurisdiction";
import { loaderById } from "@grassroots/platform";
import DataLoader from "dataloader";
import type { Household, Pairing, PartnerOrganization } from "./generated/prisma/client";
import { Prisma } from "./generated/prisma/client";
import type { ResidentsPrisma } from "./prisma";

export interface HouseholdPage {
  households: Household[];
  hasNextPage: boolean;
}

export interface Coverage {
  householdsInNeed: number;
  pairedHouseholds: number;
}

/** A pairing with what deciding who may see it needs: its household's block. */
export type PairingWithBlock = Pairing & { household: { blockCode: string } };

export function createLoaders(prisma: ResidentsPrisma) {
  /**
   * Households under each place (any level) in one statement: count per block once over the span
   * the places cover, then roll the block counts up to each place by code range.
   */
  const householdCount = new DataLoader<string, number>(async (codes) => {
    const { from, to } = blockCodeSpan(codes);
    const rows = await prisma.$queryRaw<{ code: string; count: number }[]>`
      WITH per_block AS (
        SELECT block_code, count(*) AS households FROM household
        WHERE block_code BETWEEN ${from} AND ${to}
        GROUP BY block_code
      )
      SELECT place.code, coalesce(sum(per_block.households), 0)::int AS count
      FROM unnest(${[...codes]}::text[]) AS place(code)
      LEFT JOIN ${Prisma.raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
      GROUP BY place.code`;
    const counts = new Map(rows.map((row) => [row.code, row.count]));
    return codes.map((code) => counts.get(code) ?? 0);
  });

  // One loader per page shape: siblings asking for the same page share a statement.
  const pages = new Map<string, DataLoader<string, HouseholdPage>>();
  function householdPage(first: number, afterId: string | null) {
    const key = `${first}:${afterId ?? ""}`;
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (blockCodes) => {
        // The first `first + 1` households of every block in one pass; the extra one says "more".
        const ids = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY block_code ORDER BY id) AS position
            FROM household
            WHERE block_code = ANY(${[...blockCodes]}::text[])
              AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
          ) ranked
          WHERE position <= ${first + 1}`;
        const households = await prisma.household.findMany({
          where: { id: { in: ids.map(({ id }) => id) } },
          orderBy: { id: "asc" },
        });
        const byBlock = new Map<string, Household[]>();
        for (const household of households) {
          byBlock.set(household.blockCode, [...(byBlock.get(household.blockCode) ?? []), household]);
        }
        return blockCodes.map((blockCode) => {
          const ofBlock = byBlock.get(blockCode) ?? [];
          return { households: ofBlock.slice(0, first), hasNextPage: ofBlock.length > first };
        });
      });
      pages.set(key, loader);
    }
    return loader;
  }

  const household = loaderById<Household>((ids) => prisma.household.findMany({ where: { id: { in: ids } } }));

  /** Members of partner organisations living under each place: the same shape of statement. */
  const partnerMemberCount = new DataLoader<string, number>(async (codes) => {
    const { from, to } = blockCodeSpan(codes);
    const rows = await prisma.$queryRaw<{ code: string; count: number }[]>`
      WITH per_block AS (
        SELECT home_block_code AS block_code, count(*) AS members FROM partner_member
        WHERE home_block_code BETWEEN ${from} AND ${to}
        GROUP BY home_block_code
      )
      SELECT place.code, coalesce(sum(per_block.members), 0)::int AS count
      FROM unnest(${[...codes]}::text[]) AS place(code)
      LEFT JOIN ${Prisma.raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
      GROUP BY place.code`;
    const counts = new Map(rows.map((row) => [row.code, row.count]));
    return codes.map((code) => counts.get(code) ?? 0);
  });

  /**
   * Pairing coverage under each place in one statement: per block, households in need (needs not
   * empty) and those of them with an active pairing; rolled up by code range as above.
   */
  const pairingCoverage = new DataLoader<string, Coverage>(async (codes) => {
    const { from, to } = blockCodeSpan(codes);
    const rows = await prisma.$queryRaw<({ code: string } & Coverage)[]>`
      WITH per_block AS (
        SELECT household.block_code,
          count(*) AS in_need,
          count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM pairing WHERE pairing.household_id = household.id AND pairing.status = 'ACTIVE'
          )) AS paired
        FROM household
        WHERE household.block_code BETWEEN ${from} AND ${to} AND cardinality(household.needs) > 0
        GROUP BY household.block_code
      )
      SELECT place.code,
        coalesce(sum(per_block.in_need), 0)::int AS "householdsInNeed",
        coalesce(sum(per_block.paired), 0)::int AS "pairedHouseholds"
      FROM unnest(${[...codes]}::text[]) AS place(code)
      LEFT JOIN ${Prisma.raw(ROLL_UP_PER_BLOCK)} ON ancestor.code = place.code
      GROUP BY place.code`;
    const byCode = new Map(rows.map(({ code, ...coverage }) => [code, coverage]));
    return codes.map((code) => byCode.get(code) ?? { householdsInNeed: 0, pairedHouseholds: 0 });
  });

  const partner = loaderById<PartnerOrganization>((ids) => prisma.partnerOrganization.findMany({ where: { id: { in: ids } } }));

  const pairing = loaderById<PairingWithBlock>((ids) =>
    prisma.pairing.findMany({ where: { id: { in: ids } }, include: { household: { select: { blockCode: true } } } }),
  );

  /** Open (proposed or active) pairings and members per partner organisation, grouped in one statement each. */
  const openPairingCount = new DataLoader<string, number>(async (partnerIds) => {
    const groups = await prisma.pairing.groupBy({
      by: ["partnerId"],
      where: { partnerId: { in: [...partnerIds] }, status: { in: ["PROPOSED", "ACTIVE"] } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((group) => [group.partnerId, group._count._all]));
    return partnerIds.map((id) => counts.get(id) ?? 0);
  });
  const memberCount = new DataLoader<string, number>(async (partnerIds) => {
    const groups = await prisma.partnerMember.groupBy({
      by: ["partnerId"],
      where: { partnerId: { in: [...partnerIds] } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((group) => [group.partnerId, group._count._all]));
    return partnerIds.map((id) => counts.get(id) ?? 0);
  });

  return {
    householdCount,
    householdPage,
    household,
    partnerMemberCount,
    pairingCoverage,
    partner,
    pairing,
    openPairingCount,
    memberCount,
  };
}
