// What the open-data tables publish: counts of households and cases per block, from the subgraphs
// that own them, summed up the tree and suppressed where small (suppression.ts); rates only from
// counts that are published.
import type { BlocksPrisma } from "../prisma";
import type { Quarter } from "./quarter";
import { SUPPRESSION_THRESHOLD, type SuppressionGroup, suppressGroup } from "./suppression";

export const COUNTS = ["households", "householdsVisited", "casesRaised"] as const;
export type Count = (typeof COUNTS)[number];

/**
 * Figures counting one population share a suppression pattern (their difference is a count too).
 * Cases resolved are not published: with nearly every case of a quarter resolved, the unresolved
 * few would suppress the cases raised in every place below the district.
 */
export const GROUPS: SuppressionGroup<Count>[] = [
  { figures: ["households", "householdsVisited"], nested: [["households", "householdsVisited"]] },
  { figures: ["casesRaised"], nested: [] },
];

export const RATES = {
  visitCoverage: ["householdsVisited", "households"],
} as const satisfies Record<string, readonly [Count, Count]>;
export type Rate = keyof typeof RATES;

/** The published formula of every figure, in the order of the table's columns. */
export const FORMULAS: Record<Count | Rate, string> = {
  households: "Households in the registry in the place's blocks when the quarter was first published.",
  householdsVisited:
    "Households visited at least once in the 12 months ending on the quarter's last day (Asia/Shanghai), counted in each block they were visited in.",
  casesRaised:
    "Cases raised in the quarter (Asia/Shanghai) in the place's blocks, when the quarter was first published; withdrawn cases and duplicates merged into another case left out.",
  visitCoverage: "householdsVisited ÷ households.",
};

export const SUPPRESSION_RULE = `A place's households and householdsVisited are suppressed (null) when either, or the households not visited, is below ${SUPPRESSION_THRESHOLD}; its casesRaised when it is. When any place is suppressed, so are all the places beside it under the same parent, and every place under it; so that a suppressed count can be neither subtracted from a total nor narrowed down by the others. A rate is published only when its counts are. Each quarter is published once, when it is first asked for, and reads the same ever after.`;

/** Per-block counts from the subgraphs that own them, through their internal addresses. */
export interface OpenDataSources {
  households(): Promise<{ blockCode: string; households: number }[]>;
  visitedHouseholds(asOf: string): Promise<{ blockCode: string; visited: number }[]>;
  cases(from: string, to: string): Promise<{ blockCode: string; raised: number }[]>;
}

/** One place's published counts (null where suppressed), as stored with the quarter's publication. */
export interface PublishedRow {
  code: string;
  name: string;
  counts: Record<Count, number | null>;
}

/** Every place of the tree, every level, with its published counts for a quarter, in code order. */
export async function publishRows(prisma: BlocksPrisma, sources: OpenDataSources, quarter: Quarter): Promise<PublishedRow[]> {
  const [places, households, visited, cases] = await Promise.all([
    everyPlace(prisma),
    sources.households(),
    sources.visitedHouseholds(quarter.lastDay),
    sources.cases(quarter.from, quarter.to),
  ]);
  const codes = places.map((place) => place.code);
  const perBlock: Record<Count, Map<string, number>> = {
    households: new Map(households.map((row) => [row.blockCode, row.households])),
    householdsVisited: new Map(visited.map((row) => [row.blockCode, row.visited])),
    casesRaised: new Map(cases.map((row) => [row.blockCode, row.raised])),
  };
  const published = Object.assign({}, ...GROUPS.map((group) => suppressGroup(codes, group, perBlock))) as Record<
    Count,
    Map<string, number | null>
  >;
  return places.map((place) => ({
    ...place,
    counts: Object.fromEntries(COUNTS.map((count) => [count, published[count].get(place.code)!])) as Record<Count, number | null>,
  }));
}

/** A rate of a row: null unless both its counts are published and the denominator is not zero. */
export function rateOf(row: PublishedRow, rate: Rate): number | null {
  const [numerator, denominator] = RATES[rate].map((count) => row.counts[count]);
  return numerator == null || denominator == null || denominator === 0 ? null : numerator / denominator;
}

/** Every place of every level, in code order: the tree is a few thousand places, not rows of history. */
async function everyPlace(prisma: BlocksPrisma): Promise<{ code: string; name: string }[]> {
  const select = { code: true, name: true } as const;
  const levels = await Promise.all([
    prisma.district.findMany({ select }),
    prisma.street.findMany({ select }),
    prisma.community.findMany({ select }),
    prisma.block.findMany({ select }),
  ]);
  return levels.flat().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
