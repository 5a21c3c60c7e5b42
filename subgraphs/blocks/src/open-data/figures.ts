// What the open-data tables publish: each figure a count of households or cases per block, from the
// subgraph that owns it, summed up the tree, suppressed where small (suppression.ts); and rates
// computed only from counts that are published.
import { type Level, levelOf, parentOf } from "@grassroots/jurisdiction";
import type { BlocksPrisma } from "../prisma";
import type { Quarter } from "./quarter";
import { SUPPRESSION_THRESHOLD, suppressTree } from "./suppression";

export const COUNTS = [
  "households",
  "householdsInNeed",
  "householdsPaired",
  "householdsVisited",
  "casesRaised",
  "casesResolved",
  "casesRespondedInTime",
] as const;
export type Count = (typeof COUNTS)[number];

export const RATES = {
  visitCoverage: ["householdsVisited", "households"],
  pairingCoverage: ["householdsPaired", "householdsInNeed"],
  resolutionRate: ["casesResolved", "casesRaised"],
  responseRate: ["casesRespondedInTime", "casesRaised"],
} as const satisfies Record<string, readonly [Count, Count]>;
export type Rate = keyof typeof RATES;

/** The published formula of every figure, in the order of the table's columns. */
export const FORMULAS: Record<Count | Rate, string> = {
  households: "Households in the registry in the place's blocks when the table is read (the registry keeps no history).",
  householdsInNeed: "Of those, households with at least one need recorded.",
  householdsPaired: "Of the households in need, those with an active pairing with a partner organisation.",
  householdsVisited:
    "Households visited at least once in the 12 months ending on the quarter's last day (Asia/Shanghai), counted in each block they were visited in.",
  casesRaised:
    "Cases raised in the quarter (Asia/Shanghai) in the place's blocks; withdrawn cases and duplicates merged into another case left out.",
  casesResolved: "Of the cases raised in the quarter, those RESOLVED or CLOSED when the table is read.",
  casesRespondedInTime: "Of the cases raised in the quarter, those accepted within 1 working day of reaching their first tier.",
  visitCoverage: "householdsVisited ÷ households.",
  pairingCoverage: "householdsPaired ÷ householdsInNeed.",
  resolutionRate: "casesResolved ÷ casesRaised.",
  responseRate: "casesRespondedInTime ÷ casesRaised.",
};

export const SUPPRESSION_RULE = `Every count below ${SUPPRESSION_THRESHOLD} is suppressed (published as null), and so is a second count of the same figure wherever a place and the places directly under it would otherwise hold exactly one suppressed count, so that none can be recovered by subtraction from the totals; a rate is published only when both its counts are.`;

/** Per-block counts from the subgraphs that own them, through their internal addresses. */
export interface OpenDataSources {
  households(): Promise<{ blockCode: string; households: number; inNeed: number; paired: number }[]>;
  visitedHouseholds(asOf: string): Promise<{ blockCode: string; visited: number }[]>;
  cases(from: string, to: string): Promise<{ blockCode: string; raised: number; resolved: number; responded: number }[]>;
}

export interface OpenDataRow {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  quarter: string;
  counts: Record<Count, number | null>;
}

/** Every place of the tree with its published counts for a quarter, by code. */
export type OpenDataTree = Map<string, OpenDataRow>;

export async function publishTree(prisma: BlocksPrisma, sources: OpenDataSources, quarter: Quarter): Promise<OpenDataTree> {
  const [places, households, visited, cases] = await Promise.all([
    everyPlace(prisma),
    sources.households(),
    sources.visitedHouseholds(quarter.lastDay),
    sources.cases(quarter.from, quarter.to),
  ]);
  const codes = places.map((place) => place.code);
  const perBlock: Record<Count, Map<string, number>> = {
    households: new Map(households.map((row) => [row.blockCode, row.households])),
    householdsInNeed: new Map(households.map((row) => [row.blockCode, row.inNeed])),
    householdsPaired: new Map(households.map((row) => [row.blockCode, row.paired])),
    householdsVisited: new Map(visited.map((row) => [row.blockCode, row.visited])),
    casesRaised: new Map(cases.map((row) => [row.blockCode, row.raised])),
    casesResolved: new Map(cases.map((row) => [row.blockCode, row.resolved])),
    casesRespondedInTime: new Map(cases.map((row) => [row.blockCode, row.responded])),
  };
  const published = COUNTS.map((count) => [count, suppressTree(codes, perBlock[count])] as const);
  return new Map(
    places.map((place) => [
      place.code,
      {
        ...place,
        level: levelOf(place.code) as Level,
        parentCode: parentOf(place.code),
        quarter: quarter.label,
        counts: Object.fromEntries(published.map(([count, values]) => [count, values.get(place.code)!])) as Record<
          Count,
          number | null
        >,
      },
    ]),
  );
}

/** A rate of a row: null unless both its counts are published and the denominator is not zero. */
export function rateOf(row: OpenDataRow, rate: Rate): number | null {
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
