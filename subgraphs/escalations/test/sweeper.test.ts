// The sweeper keeps moving what it can: cases it cannot route to a department never block the
// others, and a blocks subgraph that is down only delays the street tier. The inbox's notifications
// past their retention are pruned, and their deadlines not told again.
import { randomUUID } from "node:crypto";
import { createDemoDirectory, SCALES } from "@grassroots/demo-district";
import type { Directory } from "@grassroots/directory";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseWorkflow } from "../src/case/rules";
import { markRead } from "../src/notification/rules";
import {
  createEscalationsSubgraph,
  type EscalationsPrisma,
  pruneNotifications,
  retentionCutoff,
  sweepOverdueCases,
} from "../src/subgraph";

const demo = createDemoDirectory(SCALES.test);
// No department receives OTHER in this district.
const directory: Directory = {
  ...demo,
  departmentFor: async (d, category) => (category === "OTHER" ? null : demo.departmentFor(d, category)),
};
let subgraph: Awaited<ReturnType<typeof startTestSubgraph<EscalationsPrisma, any>>>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(createEscalationsSubgraph({ directory }));
});
afterAll(() => subgraph?.close());

const DAY = 24 * 3600_000;

async function raise(workflow: CaseWorkflow, category: "OTHER" | "HOUSING", escalations: number) {
  const id = await subgraph.prisma.$transaction((tx) =>
    workflow.raise(tx, "tester", {
      blockCode: "310105001001001",
      householdId: null,
      visitId: null,
      channel: "HOTLINE",
      category,
      description: `Sweeper test ${randomUUID()}`,
    }),
  );
  for (let version = 1; version <= escalations; version++) await workflow.escalate("tester", id, version, "Up");
  return id;
}

describe("sweeper", () => {
  it("is not blocked by overdue cases it cannot route, and survives an unreachable directory", async () => {
    const workflow = new CaseWorkflow(subgraph.prisma, directory);
    const stuck = [await raise(workflow, "OTHER", 2), await raise(workflow, "OTHER", 2)];
    const movable = [
      await raise(workflow, "HOUSING", 0),
      await raise(workflow, "HOUSING", 0),
      await raise(workflow, "HOUSING", 1),
    ];
    const later = new Date(Date.now() + 60 * DAY);

    expect(await sweepOverdueCases(subgraph.prisma, directory, { now: later, batchSize: 2 })).toBe(movable.length);
    const cases = new Map((await subgraph.prisma.case.findMany()).map((c) => [c.id, c]));
    for (const id of stuck) expect(cases.get(id)).toMatchObject({ tier: "STREET", version: 3 });
    for (const id of movable) expect(cases.get(id)!.dueAt > later).toBe(true);

    const down: Directory = { ...directory, departmentFor: () => Promise.reject(new Error("blocks subgraph down")) };
    const fresh = await raise(workflow, "HOUSING", 0);
    expect(await sweepOverdueCases(subgraph.prisma, down, { now: new Date(later.getTime() + 60 * DAY) })).toBeGreaterThanOrEqual(
      1,
    );
    expect((await subgraph.prisma.case.findUniqueOrThrow({ where: { id: fresh } })).tier).toBe("COMMUNITY");
  });

  it("moves an overdue case to the place above the block holding it, after a transfer to another street", async () => {
    const workflow = new CaseWorkflow(subgraph.prisma, directory);
    const id = await raise(workflow, "HOUSING", 0);
    await workflow.transfer("tester", id, 1, "310105002001001", "Their pipe");
    const later = new Date(Date.now() + 200 * DAY);
    await sweepOverdueCases(subgraph.prisma, directory, { now: later });
    const swept = await subgraph.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(swept.holderCode.startsWith("310105002")).toBe(true);
    expect(swept.reach).toEqual(expect.arrayContaining(["310105001001001", "310105002001001", "310105002001"]));
  });

  it("prunes the notifications past their retention with their read marks, a bounded number per run", async () => {
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    const notify = async (receivedAt: Date) => {
      const { id } = await subgraph.prisma.notification.create({
        data: {
          key: `test:${randomUUID()}`,
          kind: "CASE_ARRIVED",
          audienceRole: "block_member",
          audienceScope: "310105001001001",
          occurredAt: receivedAt,
          receivedAt,
        },
      });
      await subgraph.prisma.notificationRead.create({ data: { notificationId: id, subject: "reader" } });
      return id;
    };
    const old = [await notify(daysAgo(33)), await notify(daysAgo(32)), await notify(daysAgo(31))];
    const kept = await notify(daysAgo(29));
    const cutoff = retentionCutoff(now, 30);
    // Two batches of one at most: the third old one waits for the next run.
    expect(await pruneNotifications(subgraph.prisma, cutoff, { batchSize: 1, maxBatches: 2 })).toBe(2);
    expect(await pruneNotifications(subgraph.prisma, cutoff)).toBeGreaterThanOrEqual(1);
    const left = await subgraph.prisma.notification.findMany({ where: { id: { in: [...old, kept] } }, select: { id: true } });
    expect(left).toEqual([{ id: kept }]);
    expect(await subgraph.prisma.notificationRead.count({ where: { notificationId: { in: [...old, kept] } } })).toBe(1);
  });

  it("does not tell a deadline missed before the retention again once its notice is pruned", async () => {
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    const workflow = new CaseWorkflow(subgraph.prisma, directory);
    const [longOverdue, newlyOverdue] = [await raise(workflow, "HOUSING", 0), await raise(workflow, "HOUSING", 0)];
    const overdueNotices = (caseId: string) => subgraph.prisma.notification.count({ where: { caseId, kind: "CASE_OVERDUE" } });
    // The long overdue case missed its deadline 40 days ago and was told then, by that day's sweep
    // (its notice, as the reminders key it); the notice has since been pruned.
    const missed = await subgraph.prisma.case.update({ where: { id: longOverdue }, data: { dueAt: daysAgo(40) } });
    await subgraph.prisma.notification.create({
      data: {
        key: `case_overdue:${longOverdue}:${missed.tierEnteredAt.getTime()}`,
        kind: "CASE_OVERDUE",
        audienceRole: "block_member",
        audienceScope: missed.holderCode,
        occurredAt: daysAgo(40),
        receivedAt: daysAgo(40),
        caseId: longOverdue,
      },
    });
    await pruneNotifications(subgraph.prisma, retentionCutoff(now, 30));
    expect(await overdueNotices(longOverdue)).toBe(0);
    await subgraph.prisma.case.update({ where: { id: newlyOverdue }, data: { dueAt: daysAgo(2) } });

    await sweepOverdueCases(subgraph.prisma, directory, { now, notificationRetentionDays: 30 });
    expect(await overdueNotices(newlyOverdue)).toBe(1);
    expect(await overdueNotices(longOverdue)).toBe(0);
    // Both were overdue, and both moved up.
    for (const id of [longOverdue, newlyOverdue])
      expect((await subgraph.prisma.case.findUniqueOrThrow({ where: { id } })).tier).toBe("COMMUNITY");
  });

  it("marks read what is left when a notification is pruned between the look-up and the mark", async () => {
    const { id } = await subgraph.prisma.notification.create({
      data: {
        key: `test:${randomUUID()}`,
        kind: "CASE_ARRIVED",
        audienceRole: "block_member",
        audienceScope: "310105001001009",
        occurredAt: new Date(),
      },
    });
    const gone = randomUUID();
    let attempts = 0;
    // The first insert meets a notification pruned meanwhile, as PostgreSQL answers it through Prisma.
    const racing = {
      notification: subgraph.prisma.notification,
      notificationRead: {
        createMany: (args: Parameters<EscalationsPrisma["notificationRead"]["createMany"]>[0]) => {
          attempts += 1;
          if (attempts === 1)
            return Promise.reject(Object.assign(new Error("Foreign key constraint violated"), { code: "P2003" }));
          return subgraph.prisma.notificationRead.createMany(args);
        },
      },
    } as unknown as EscalationsPrisma;
    const where = { audienceRole: "block_member", audienceScope: "310105001001009" };
    expect(await markRead(racing, where, "reader", [id, gone])).toBe(1);
    expect(attempts).toBe(2);
    expect(await subgraph.prisma.notificationRead.count({ where: { notificationId: id, subject: "reader" } })).toBe(1);
  });
});
