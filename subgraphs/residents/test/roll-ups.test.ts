// The block roll-up (households, in need, paired) kept by triggers, against random workloads:
// households registered, moved, deleted and their needs changed (no mutation writes households, so
// by SQL), pairings proposed, accepted and ended through the pairing rules, a few at a time. After
// each run the roll-up must equal its rebuild from the rows and a recount by today's SQL.
import { randomUUID } from "node:crypto";
import { SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildHouseholdRollUps } from "../src/household/roll-ups";
import { accept, end, propose } from "../src/pairing/rules";
import { seedResidents } from "../src/seed";
import { createResidentsSubgraph } from "../src/subgraph";
import type { Subgraph } from "./support";

// The test district (12 blocks of 6 households): three blocks of the first street, where the
// partners pair, and one of another street.
const BLOCKS = ["310105001001001", "310105001001002", "310105001002001", "310105002001001"];
const STREET = "310105001";
const PLACES = 2;

let subgraph: Subgraph;
const households: string[] = [];
const partners: string[] = [];
const pairings: string[] = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(createResidentsSubgraph(), seedResidents(SCALES.test));
  const seeded = await subgraph.prisma.household.findMany({ where: { blockCode: { in: BLOCKS } }, select: { id: true } });
  households.push(...seeded.map(({ id }) => id));
  for (let i = 0; i < 3; i++) {
    const id = randomUUID();
    await subgraph.prisma.partnerOrganization.create({
      data: {
        id,
        name: `Roll-up Partner ${i}`,
        kind: "COMPANY",
        creditCode: `91310105ROLLUP${i}0000X`,
        contactPerson: "周敏",
        contactPhone: "13812345678",
        streetCode: STREET,
        services: ["ELDERLY_LIVING_ALONE"],
        capacity: 1000,
        status: "APPROVED",
        approvedUntil: new Date(Date.now() + 365 * 86_400_000),
      },
    });
    partners.push(id);
  }
});
afterAll(() => subgraph?.close());

type Figures = Record<string, [households: number, inNeed: number, paired: number]>;

async function rolledUp(): Promise<Figures> {
  const rows = await subgraph.prisma.$queryRaw<{ block_code: string; households: number; in_need: number; paired: number }[]>`
    SELECT block_code, households, in_need, paired FROM block_households`;
  return Object.fromEntries(rows.map((row) => [row.block_code, [row.households, row.in_need, row.paired]]));
}

/** Today's SQL before the roll-up existed: households per block, and pairing coverage per block. */
async function recounted(): Promise<Figures> {
  const counts = await subgraph.prisma.$queryRaw<{ block_code: string; households: number }[]>`
    SELECT block_code, count(*)::int AS households FROM household GROUP BY block_code`;
  const coverage = await subgraph.prisma.$queryRaw<{ block_code: string; in_need: number; paired: number }[]>`
    SELECT household.block_code,
      count(*)::int AS in_need,
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM pairing WHERE pairing.household_id = household.id AND pairing.status = 'ACTIVE'
      ))::int AS paired
    FROM household
    WHERE cardinality(household.needs) > 0
    GROUP BY household.block_code`;
  const byBlock = new Map(coverage.map((row) => [row.block_code, row]));
  return Object.fromEntries(
    counts.map((row) => [
      row.block_code,
      [row.households, byBlock.get(row.block_code)?.in_need ?? 0, byBlock.get(row.block_code)?.paired ?? 0],
    ]),
  );
}

const pick = <T>(list: readonly T[], n: number) => list[n % list.length]!;
const needsOf = (inNeed: boolean) => (inNeed ? (["ELDERLY_LIVING_ALONE"] as const) : []);
const worker = { subject: "roll-up-worker", contactConsent: false, consentNote: null };

const operation = fc.oneof(
  fc.record({ kind: fc.constant("register" as const), block: fc.nat(), inNeed: fc.boolean() }),
  fc.record({ kind: fc.constant("move" as const), household: fc.nat(), block: fc.nat() }),
  fc.record({ kind: fc.constant("needs" as const), household: fc.nat(), inNeed: fc.boolean() }),
  fc.record({ kind: fc.constant("delete" as const), household: fc.nat() }),
  fc.record({ kind: fc.constant("pair" as const), household: fc.nat(), partner: fc.nat(), acceptIt: fc.boolean() }),
  fc.record({ kind: fc.constant("accept" as const), pairing: fc.nat() }),
  fc.record({ kind: fc.constant("end" as const), pairing: fc.nat() }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

// Always run first, whatever the draws: households put in need and paired (one accepted at once,
// one later), a paired household moved to another block, a pairing ended and proposed again, a
// household registered and deleted. Operations of a round race, so each depends only on earlier rounds.
const SCRIPTED: Operation[][] = [
  [
    { kind: "needs", household: 0, inNeed: true },
    { kind: "needs", household: 1, inNeed: true },
    { kind: "register", block: 0, inNeed: true },
    { kind: "register", block: 3, inNeed: false },
  ],
  [
    { kind: "pair", household: 0, partner: 0, acceptIt: true },
    { kind: "pair", household: 1, partner: 1, acceptIt: false },
  ],
  [
    { kind: "accept", pairing: 1 },
    { kind: "move", household: 0, block: 2 },
  ],
  [
    { kind: "end", pairing: 0 },
    { kind: "needs", household: 1, inNeed: false },
  ],
  [
    { kind: "delete", household: 25 },
    { kind: "pair", household: 0, partner: 2, acceptIt: true },
  ],
];

async function run(op: Operation): Promise<void> {
  const prisma = subgraph.prisma;
  switch (op.kind) {
    case "register": {
      const id = randomUUID();
      await prisma.household.create({
        data: { id, blockCode: pick(BLOCKS, op.block), address: "No. 1, Test Lane", size: 2, needs: [...needsOf(op.inNeed)] },
      });
      households.push(id);
      return;
    }
    case "move":
      await prisma.household.update({
        where: { id: pick(households, op.household) },
        data: { blockCode: pick(BLOCKS, op.block) },
      });
      return;
    case "needs":
      await prisma.household.update({ where: { id: pick(households, op.household) }, data: { needs: [...needsOf(op.inNeed)] } });
      return;
    case "delete": {
      // Households with residents or pairings stay (their rows refer to them).
      const id = pick(households, op.household);
      const { count } = await prisma.household.deleteMany({ where: { id, residents: { none: {} }, pairings: { none: {} } } });
      if (count) households.splice(households.indexOf(id), 1);
      return;
    }
    case "pair": {
      const householdId = pick(households, op.household);
      const partnerId = pick(partners, op.partner);
      const proposal = { partnerId, householdId, byPartner: false, subject: worker.subject, note: null };
      const id = await prisma.$transaction((tx) =>
        propose(tx, proposal, { places: PLACES, arranges: () => true, readsPartnersOf: () => true }),
      );
      pairings.push(id);
      if (op.acceptIt) await accept(prisma, { id, partnerId, householdId }, worker, PLACES);
      return;
    }
    case "accept": {
      if (!pairings.length) return;
      const pairing = await prisma.pairing.findUnique({ where: { id: pick(pairings, op.pairing) } });
      if (pairing) await accept(prisma, pairing, worker, PLACES);
      return;
    }
    case "end":
      if (!pairings.length) return;
      await end(prisma, pick(pairings, op.pairing), { subject: worker.subject, reason: "OTHER", note: null });
      return;
  }
}

describe("the block roll-up of households and pairings", () => {
  it("equals its rebuild and a recount from the rows after random workloads, a few writes at a time", async () => {
    let stored = 0;
    let mostPaired = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(operation, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 10 }),
        async (rounds) => {
          for (const round of rounds) {
            // Writes of one round race each other; those the rules refuse (a household not in need,
            // places taken, an ended pairing) or that lose a race change nothing, as in production.
            const outcomes = await Promise.allSettled(round.map((op) => run(op)));
            stored += outcomes.filter((outcome) => outcome.status === "fulfilled").length;
          }
          const incremental = await rolledUp();
          expect(incremental).toEqual(await recounted());
          mostPaired = Math.max(mostPaired, ...Object.values(incremental).map(([, , paired]) => paired));
          await rebuildHouseholdRollUps(subgraph.prisma);
          expect(await rolledUp()).toEqual(incremental);
        },
      ),
      { numRuns: 12, examples: [[SCRIPTED]] },
    );
    // The workloads did pair households (the property is not met by an empty roll-up), and the
    // random runs stored writes of their own beyond the scripted ones.
    expect(mostPaired).toBeGreaterThan(0);
    expect(stored).toBeGreaterThan(SCRIPTED.flat().length);
  }, 60_000);
});
