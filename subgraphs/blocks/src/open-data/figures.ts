// What the open-data tables publish: counts of households visited and cases raised per block within
// a quarter, from the subgraphs that own them, summed up the tree and suppressed where small
// (suppression.ts).
import type { BlocksPrisma } from "../prisma";
import type { Quarter } from "./quarter";
import { SUPPRESSION_THRESHOLD, suppressTree } from "./suppression";

export const COUNTS = ["householdsVisited", "casesRaised"] as const;
export type Count = (typeof COUNTS)[number];

// Only what happened within the quarter is published. A stock (the households registered, as of any
// date) would give away, quarter against quarter, the few that came or went in between; a part of
// another figure (cases resolved, of those raised) would give away the small rest. Each figure is
// suppressed on its own, since neither is a part of the other.

/** The published formula of every figure, in the order of the table's columns. */
export const FORMULAS: Record<Count, string> = {
  householdsVisited:
    "Households visited at least once within the quarter (Asia/Shanghai), counted in each of the place's blocks they were visited in.",
  casesRaised:
    "Cases raised within the quarter (Asia/Shanghai) in the place's blocks, as they stood when the quarter was first published; withdrawn cases and duplicates merged into another case left out.",
};

export const SUPPRESSION_RULE = `A count below ${SUPPRESSION_THRESHOLD} is suppressed (null); so are all the places beside a suppressed one under the same parent, and every place under it, so that a suppressed count can be neither subtracted from a total nor narrowed down by the others. Each quarter is published once, when first asked for after it has settled, and reads the same ever after.`;

/** Per-block counts from the subgraphs that own them, through their internal addresses. */
export interface OpenDataSources {
  visitedHouseholds(from: string, to: string): Promise<{ blockCode: string; visited: number }[]>;
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
  const [places, visited, cases] = await Promise.all([
    everyPlace(prisma),
    sources.visitedHouseholds(quarter.from, quarter.to),
    sources.cases(quarter.from, quarter.to),
  ]);
  const codes = places.map((place) => place.code);
  const perBlock: Record<Count, Map<string, number>> = {
    householdsVisited: new Map(visited.map((row) => [row.blockCode, row.visited])),
    casesRaised: new Map(cases.map((row) => [row.blockCode, row.raised])),
  };
  const published = Object.fromEntries(COUNTS.map((count) => [count, suppressTree(codes, perBlock[count])])) as Record<
    Count,
    Map<string, number | null>
  >;
  return places.map((place) => ({
    ...place,
    counts: Object.fromEntries(COUNTS.map((count) => [count, published[count].get(place.code)!])) as Record<Count, number | null>,
  }));
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
