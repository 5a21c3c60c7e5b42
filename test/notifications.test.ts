// Over 350 lines: every must-show of notifications shares one gateway setup (CI's time budget).
// Notifications through the real gateway: the sweeper's overdue notices (exactly one, even with two
// sweepers at once), deadline reminders, the residents outbox relayed to the inbox once even when a
// relay dies mid-batch, a partner's signed webhook retried after a 500, and each role's inbox its own.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { creditCode, Random } from "@grassroots/demo-district";
import { createInboxClient, type InboxDelivery } from "@grassroots/directory";
import { sweepOverdueCases } from "@grassroots/escalations";
import { serviceTokenSource } from "@grassroots/platform";
import type { GraphQLResponse, TestClaims } from "@grassroots/platform/testing";
import {
  DEFAULT_WEBHOOK_SETTINGS,
  deliverWebhooks,
  relayOutbox,
  verifySignature,
  webhookSecretsKey,
} from "@grassroots/residents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { parsePrometheus } from "./support/prometheus";
import { demoUser } from "./support/users";

const WEBHOOKS = { ...DEFAULT_WEBHOOK_SETTINGS, allowLocalHttp: true, retryBaseMs: 200, retryMaxMs: 1000, timeoutMs: 2000 };

let graph: RunningGraph;
let inbox: ReturnType<typeof createInboxClient>;
beforeAll(async () => {
  graph = await startGraph({ residents: { webhooks: WEBHOOKS } });
  inbox = createInboxClient({
    escalationsUrl: graph.subgraphs.escalations.url,
    source: "residents",
    gatewaySecret: graph.auth.gatewaySecret,
    serviceToken: serviceTokenSource({ sub: "service:residents", role: "admin" }, graph.auth.tokens),
  });
});
afterAll(() => graph?.close());

const BLOCK = "310105001001001";
const blockMember = demoUser("demo-block-member");
const communityWorker = demoUser("demo-community-worker");
const streetOfficer = demoUser("demo-street-officer");
const random = new Random("notifications-e2e");
const key = () => `e2e-${randomUUID()}`;
// Personal data that must never appear in a notification or a webhook body.
const NAME = "严桂芳";
const PHONE = "13912345678";

const NOTIFICATIONS = `query($unreadOnly: Boolean, $after: String) {
  myNotifications(first: 100, unreadOnly: $unreadOnly, after: $after) { unreadCount pageInfo { hasNextPage endCursor }
    edges { node { id kind read summary caseId pairingId partnerId placeCode tier dueAt } } } }`;

interface Note {
  id: string;
  kind: string;
  read: boolean;
  summary: string;
  caseId: string | null;
  pairingId: string | null;
  partnerId: string | null;
  placeCode: string | null;
}

interface Inbox {
  unreadCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Note }[];
}

/** The caller's whole inbox, page by page, checked for personal data. */
async function inboxOf(as: TestClaims, unreadOnly = false) {
  const notes: Note[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<{ myNotifications: Inbox }> = await graph.query(NOTIFICATIONS, { unreadOnly, after }, as);
    expect(response.errors).toBeUndefined();
    expectNothingInternal(response.raw);
    expect(response.raw).not.toContain(NAME);
    expect(response.raw).not.toContain(PHONE);
    const connection = response.data!.myNotifications;
    notes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return { unreadCount: connection.unreadCount, notes };
    after = connection.pageInfo.endCursor;
  }
}

async function raiseCase() {
  const response = await graph.query(
    `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id responseDueAt dueAt } }`,
    {
      input: {
        idempotencyKey: key(),
        blockCode: BLOCK,
        channel: "BLOCK_TEAM",
        category: "SANITATION",
        description: `${NAME} (${PHONE}) reports rubbish left in the stairwell.`,
      },
    },
    blockMember,
  );
  expect(response.errors).toBeUndefined();
  return response.data?.raiseCase as { id: string; responseDueAt: string; dueAt: string };
}

describe("case notifications from the escalations subgraph", () => {
  it("tells the block its new case, reminds once of the response deadline, and one overdue notice with two sweepers", async () => {
    const raised = await raiseCase();
    const mine = (notes: Note[], kind: string) => notes.filter((note) => note.caseId === raised.id && note.kind === kind);
    expect(mine((await inboxOf(blockMember)).notes, "CASE_ARRIVED")).toHaveLength(1);

    const { prisma } = graph.subgraphs.escalations;
    // An hour before the response deadline, twice: one reminder.
    const nearly = new Date(new Date(raised.responseDueAt).getTime() - 3600_000);
    await sweepOverdueCases(prisma, graph.directory, { now: nearly });
    await sweepOverdueCases(prisma, graph.directory, { now: nearly });
    expect(mine((await inboxOf(blockMember)).notes, "RESPONSE_DUE_SOON")).toHaveLength(1);

    // Past the block's time limit, two sweepers at once, then a third: the block hears once that it
    // went overdue, the community once that the sweeper escalated it.
    const late = new Date(new Date(raised.dueAt).getTime() + 60_000);
    await Promise.all([
      sweepOverdueCases(prisma, graph.directory, { now: late, batchSize: 2 }),
      sweepOverdueCases(prisma, graph.directory, { now: late, batchSize: 2 }),
    ]);
    await sweepOverdueCases(prisma, graph.directory, { now: late });
    const block = await inboxOf(blockMember);
    expect(mine(block.notes, "CASE_OVERDUE")).toMatchObject([{ tier: "BLOCK", placeCode: BLOCK }]);
    const community = await inboxOf(communityWorker);
    const escalated = mine(community.notes, "CASE_ESCALATED");
    expect(escalated).toMatchObject([{ tier: "COMMUNITY", placeCode: BLOCK }]);
    expect(escalated[0]!.summary).toContain("by the sweeper");
    expect(mine(community.notes, "CASE_OVERDUE")).toEqual([]);
  });
});

describe("a revisit is due", () => {
  it("tells the holder's role once the case is resolved", async () => {
    const raised = await raiseCase();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const act = (mutation: string, input: Record<string, unknown>) =>
      graph.query(
        `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { version } }`,
        { input },
        blockMember,
      );
    expect((await act("acceptCase", { id: raised.id, expectedVersion: 1, commitmentDate: today })).errors).toBeUndefined();
    expect(
      (await act("resolveCase", { id: raised.id, expectedVersion: 2, resolution: "Stairwell cleared." })).errors,
    ).toBeUndefined();
    const due = (await inboxOf(blockMember)).notes.filter((note) => note.caseId === raised.id && note.kind === "REVISIT_DUE");
    expect(due).toMatchObject([{ placeCode: BLOCK, tier: "BLOCK" }]);
  });
});

describe("each inbox is its own", () => {
  it("a block sees only its own, reads for itself, and cannot mark another's", async () => {
    const raised = await raiseCase();
    const otherBlock: TestClaims = { sub: "member-of-002", role: "block_member", scope: "310105001001002" };
    const colleague: TestClaims = { ...blockMember, sub: "colleague-in-001" };
    const partner: TestClaims = { sub: "some-partner", role: "partner", scope: randomUUID() };
    const arrived = (await inboxOf(blockMember)).notes.find((note) => note.caseId === raised.id)!;
    expect(arrived).toMatchObject({ kind: "CASE_ARRIVED", read: false });
    for (const outsider of [otherBlock, partner, streetOfficer]) {
      expect((await inboxOf(outsider)).notes.map((note) => note.id)).not.toContain(arrived.id);
    }

    const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked unreadCount } }`;
    const refused = await graph.query(MARK, { ids: [arrived.id] }, otherBlock);
    expect(refused.data?.markNotificationsRead.marked).toBe(0);
    const before = await inboxOf(blockMember);
    const marked = await graph.query(MARK, { ids: [arrived.id] }, blockMember);
    expect(marked.data?.markNotificationsRead).toEqual({ marked: 1, unreadCount: before.unreadCount - 1 });
    expect((await inboxOf(blockMember)).notes.find((note) => note.id === arrived.id)?.read).toBe(true);
    expect((await inboxOf(blockMember, true)).notes.map((note) => note.id)).not.toContain(arrived.id);
    // Read state is per person: a colleague of the same block still has it unread.
    expect((await inboxOf(colleague, true)).notes.map((note) => note.id)).toContain(arrived.id);
  });

  it("pages newest first with after, and the gateway never offers deliverNotifications", async () => {
    const first = await graph.query(
      `{ myNotifications(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      {},
      blockMember,
    );
    const { edges, pageInfo } = first.data!.myNotifications;
    expect(edges).toHaveLength(2);
    const next = await graph.query(NOTIFICATIONS, { after: pageInfo.endCursor }, blockMember);
    expect(next.data?.myNotifications.edges.map((edge: { node: Note }) => edge.node.id)).not.toContain(edges[1].node.id);
    const internal = await graph.query(`mutation { deliverNotifications(source: "x", notifications: []) }`, {});
    expect(internal.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

const REGISTER = `mutation($input: RegisterPartnerInput!, $key: String!) { registerPartner(input: $input, idempotencyKey: $key) { partnerId } }`;
const APPROVE = `mutation($id: ID!, $until: DateTime!) {
  approvePartner(id: $id, vettingNotes: "Checked.", approvedUntil: $until) { id status } }`;

/** Registered by a signed-in person (`sub`, no role yet), who becomes its first administrator. */
async function registerPartner(name: string, sub = `idp|${randomUUID()}`) {
  const input = {
    name,
    kind: "SOCIAL_ORGANIZATION",
    creditCode: creditCode(random, "SOCIAL_ORGANIZATION"),
    contactPerson: "顾海燕",
    contactPhone: "021-62345678",
    streetCode: "310105001",
    services: ["ELDERLY_LIVING_ALONE"],
    capacity: 3,
  };
  const response = await graph.query(REGISTER, { input, key: key() }, { sub });
  expect(response.errors).toBeUndefined();
  return response.data?.registerPartner.partnerId as string;
}

describe("the residents outbox, relayed to the inbox", () => {
  it("loses nothing when the relay dies before or after sending, and stores each event once", async () => {
    const partnerId = await registerPartner("Relay test volunteers");
    const awaiting = async () =>
      (await inboxOf(streetOfficer)).notes.filter(
        (note) => note.partnerId === partnerId && note.kind === "PARTNER_AWAITS_VETTING",
      );
    // Nothing reaches the inbox until a relay runs: the event waits in the outbox.
    expect(await awaiting()).toEqual([]);

    const { prisma } = graph.subgraphs.residents;
    // The inbox cannot be reached: nothing is lost, the event waits for the next run.
    const down = await relayOutbox(prisma, async () => Promise.reject(new Error("connection refused")), { retryBaseMs: 1 });
    expect(down.failed).toBeGreaterThan(0);
    expect(await awaiting()).toEqual([]);

    // A relay that dies after the inbox took the batch, before it recorded the acknowledgement.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const dying = await relayOutbox(
      prisma,
      async (events) => {
        await inbox(events);
        throw new Error("killed");
      },
      { retryBaseMs: 1 },
    );
    expect(dying.failed).toBeGreaterThan(0);
    expect(await awaiting()).toHaveLength(1);
    const pending = await prisma.outboxEvent.findFirstOrThrow({ where: { partnerId, kind: "PARTNER_AWAITS_VETTING" } });
    expect(pending.relayedAt).toBeNull();

    // Started again: it sends the batch again; the inbox keeps one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await relayOutbox(prisma, inbox);
    expect(await awaiting()).toMatchObject([{ placeCode: "310105001" }]);
    expect((await prisma.outboxEvent.findUniqueOrThrow({ where: { id: pending.id } })).relayedAt).not.toBeNull();
  });

  it("writes no event for a change that did not happen (the outbox is in the writer's transaction)", async () => {
    const { prisma } = graph.subgraphs.residents;
    const partnerId = randomUUID();
    const rolledBack = prisma.$transaction(async (tx) => {
      await tx.partnerOrganization.create({
        data: {
          id: partnerId,
          name: "Never registered",
          kind: "SOCIAL_ORGANIZATION",
          creditCode: creditCode(random, "SOCIAL_ORGANIZATION"),
          contactPerson: "顾海燕",
          contactPhone: "021-62345678",
          streetCode: "310105001",
          services: ["ELDERLY_LIVING_ALONE"],
          capacity: 1,
        },
      });
      expect(await tx.outboxEvent.count({ where: { partnerId } })).toBe(1);
      throw new Error("the writer failed");
    });
    await expect(rolledBack).rejects.toThrow("the writer failed");
    expect(await prisma.outboxEvent.count({ where: { partnerId } })).toBe(0);
  });

  it("two relays at once send each event once (FOR UPDATE SKIP LOCKED)", async () => {
    for (let index = 0; index < 6; index++) await registerPartner(`Parallel relay ${index}`);
    const sent: string[] = [];
    const counting = async (events: InboxDelivery[]) => {
      sent.push(...events.map((event) => event.outboxId));
      return inbox(events);
    };
    const { prisma } = graph.subgraphs.residents;
    await Promise.all([relayOutbox(prisma, counting, { batchSize: 2 }), relayOutbox(prisma, counting, { batchSize: 2 })]);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sent).size).toBe(sent.length);
    expect(await prisma.outboxEvent.count({ where: { relayedAt: null } })).toBe(0);
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's server: answers 500 to the first delivery, 200 afterwards, and keeps what it got. */
async function partnerServer() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(received.length === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/grassroots`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("partners' webhooks", () => {
  it("delivers what is addressed to the partner, signed, retried after a 500, logged for the partner", async () => {
    const partnerId = await registerPartner("Webhook volunteers", "webhook-partner-admin");
    const approved = await graph.query(
      APPROVE,
      { id: partnerId, until: new Date(Date.now() + 90 * 86_400_000).toISOString() },
      streetOfficer,
    );
    expect(approved.errors).toBeUndefined();
    const partner: TestClaims = { sub: "webhook-partner-admin", role: "partner", scope: partnerId };
    const REGISTER_HOOK = `mutation($url: String!) { registerWebhook(url: $url) { secret webhook { id url active } } }`;

    const refusals = [
      await graph.query(REGISTER_HOOK, { url: "http://example.org/hook" }, partner),
      await graph.query(REGISTER_HOOK, { url: "https://example.org/hook" }, streetOfficer),
    ];
    expect(refusals.map((response) => response.errors?.[0]?.extensions?.code)).toEqual(["BAD_USER_INPUT", "FORBIDDEN"]);
    expect(refusals[0]!.errors?.[0]?.extensions?.field).toBe("url");
    // Nothing inside the deployment's network: the partner would make this server call it for them.
    for (const inside of ["https://10.0.0.5/hook", "https://169.254.169.254/latest/meta-data", "https://localhost/hook"]) {
      const refused = await graph.query(REGISTER_HOOK, { url: inside }, partner);
      expect(refused.errors?.[0], inside).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "url" } });
      expect(refused.errors?.[0]?.message, inside).toMatch(/public address/);
    }

    const server = await partnerServer();
    try {
      const registered = await graph.query(REGISTER_HOOK, { url: server.url }, partner);
      expect(registered.errors).toBeUndefined();
      const { secret, webhook } = registered.data!.registerWebhook;
      expect(webhook).toMatchObject({ url: server.url, active: true });
      const listed = await graph.query(`{ myWebhooks { id url } }`, {}, partner);
      expect(listed.raw).not.toContain(secret);
      // Stored sealed: the database alone does not give the secret away.
      const stored = await graph.subgraphs.residents.prisma.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
      expect(stored.secret.split(".")).toHaveLength(5);
      expect(stored.secret).not.toContain(secret.slice("whsec_".length));

      // The community worker proposes a pairing with a household in need: addressed to the partner.
      const householdId = randomUUID();
      await graph.subgraphs.residents.prisma.household.create({
        data: {
          id: householdId,
          blockCode: BLOCK,
          address: "Room 302, No. 7, Lane 88, Wuyi Road",
          size: 1,
          needs: ["ELDERLY_LIVING_ALONE"],
          contactPhone: PHONE,
          residents: { create: { id: randomUUID(), name: NAME, idNumber: "310105194802124428", birthYear: 1948, isHead: true } },
        },
      });
      const proposed = await graph.query(
        `mutation($input: RequestPairingInput!, $key: String!) { requestPairing(input: $input, idempotencyKey: $key) { id } }`,
        { input: { partnerId, householdId }, key: key() },
        communityWorker,
      );
      expect(proposed.errors).toBeUndefined();
      const pairingId = proposed.data?.requestPairing.id as string;

      const { prisma } = graph.subgraphs.residents;
      expect(await deliverWebhooks(prisma, WEBHOOKS)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      const LOG = `{ webhookDeliveries(first: 10) { edges { node {
        eventKind status attempts lastStatusCode lastAttemptAt nextAttemptAt deliveredAt } } } }`;
      const log = async () =>
        (await graph.query(LOG, {}, partner)).data?.webhookDeliveries.edges.map((edge: { node: unknown }) => edge.node);
      const [failed] = await log();
      expect(failed).toMatchObject({ eventKind: "PAIRING_PROPOSED", status: "PENDING", attempts: 1, lastStatusCode: 500 });
      // Retried after its back-off (retryBaseMs for the first retry, a quarter more at most), not before.
      const wait = Date.parse(failed.nextAttemptAt) - Date.parse(failed.lastAttemptAt);
      expect(wait).toBeGreaterThanOrEqual(WEBHOOKS.retryBaseMs);
      expect(wait).toBeLessThanOrEqual(WEBHOOKS.retryBaseMs * 1.25 + 1000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(failed.nextAttemptAt) - Date.now()) + 20));
      expect(await deliverWebhooks(prisma, WEBHOOKS)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(await log()).toMatchObject([{ status: "DELIVERED", attempts: 2, lastStatusCode: 200, nextAttemptAt: null }]);
      expect(await deliverWebhooks(prisma, WEBHOOKS)).toEqual({ delivered: 0, retrying: 0, failed: 0 });

      expect(server.received).toHaveLength(2);
      for (const { headers, body } of server.received) {
        expect(verifySignature(secret, body, headers["grassroots-signature"] as string)).toBe(true);
        expect(verifySignature(secret, `${body} `, headers["grassroots-signature"] as string)).toBe(false);
        expect(JSON.parse(body)).toMatchObject({ kind: "PAIRING_PROPOSED", partnerId, pairingId, placeCode: BLOCK });
        for (const personal of [NAME, PHONE, householdId, "Wuyi Road"]) expect(body).not.toContain(personal);
      }
      expect(server.received[0]!.headers["grassroots-event-id"]).toBe(server.received[1]!.headers["grassroots-event-id"]);

      // The household agrees: the partner hears of it at once (the server now answers 200).
      const accepted = await graph.query(
        `mutation($id: ID!) { acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: false }) { status } }`,
        { id: pairingId },
        communityWorker,
      );
      expect(accepted.errors).toBeUndefined();
      expect(await deliverWebhooks(prisma, WEBHOOKS)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      const acceptance = server.received[2]!;
      expect(verifySignature(secret, acceptance.body, acceptance.headers["grassroots-signature"] as string)).toBe(true);
      expect(JSON.parse(acceptance.body)).toMatchObject({ kind: "PAIRING_ACCEPTED", pairingId, data: { contactShared: false } });

      // The same event reaches the partner's inbox through the relay, without the household's id.
      await relayOutbox(prisma, inbox);
      const notes = (await inboxOf(partner)).notes.filter((note) => note.pairingId === pairingId);
      expect(notes.map((note) => note.kind).sort()).toEqual(["PAIRING_ACCEPTED", "PAIRING_PROPOSED"]);
      expect(notes.every((note) => note.partnerId === partnerId && note.placeCode === BLOCK)).toBe(true);
      const partnerNotes = await graph.query(NOTIFICATIONS, {}, partner);
      expect(partnerNotes.raw).not.toContain(householdId);

      const metrics = parsePrometheus(await (await fetch(new URL("/metrics", graph.subgraphs.residents.url))).text());
      const sample = (name: string, labels: Record<string, string> = {}) =>
        metrics.find((m) => m.name === name && Object.entries(labels).every(([k, v]) => m.labels[k] === v))?.value;
      expect(sample("grassroots_webhook_deliveries_total", { outcome: "delivered" })).toBeGreaterThanOrEqual(1);
      expect(sample("grassroots_webhook_deliveries_total", { outcome: "retrying" })).toBeGreaterThanOrEqual(1);
      expect(sample("grassroots_outbox_lag_seconds")).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("gives a delivery up after its last attempt, and stops with the webhook disabled", async () => {
    const partnerId = await registerPartner("Unreachable volunteers", "unreachable-partner-admin");
    const until = () => new Date(Date.now() + 90 * 86_400_000).toISOString();
    expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
    const partner: TestClaims = { sub: "unreachable-partner-admin", role: "partner", scope: partnerId };
    // Nothing listens on port 1.
    const registered = await graph.query(
      `mutation { registerWebhook(url: "http://127.0.0.1:1/hook") { webhook { id } } }`,
      {},
      partner,
    );
    const webhookId = registered.data!.registerWebhook.webhook.id as string;
    // Vetted again: the partner hears of it.
    expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
    const { prisma } = graph.subgraphs.residents;
    expect(await deliverWebhooks(prisma, { ...WEBHOOKS, maxAttempts: 1 })).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    const log = await graph.query(
      `{ webhookDeliveries(first: 5) { edges { node { eventKind status attempts lastStatusCode lastError nextAttemptAt } } } }`,
      {},
      partner,
    );
    const [given] = log.data!.webhookDeliveries.edges.map((edge: { node: unknown }) => edge.node);
    expect(given).toMatchObject({
      eventKind: "PARTNER_APPROVED",
      status: "FAILED",
      attempts: 1,
      lastStatusCode: null,
      nextAttemptAt: null,
    });
    expect(given.lastError).toBeTruthy();

    const disabled = await graph.query(`mutation($id: ID!) { disableWebhook(id: $id) { active } }`, { id: webhookId }, partner);
    expect(disabled.data?.disableWebhook).toEqual({ active: false });
    expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
    expect(await prisma.webhookDelivery.count({ where: { webhookId } })).toBe(1);
  });

  it("sends nothing signed with a secret its deployment's key does not open, and says so in the log", async () => {
    const partnerId = await registerPartner("Rekeyed volunteers", "rekeyed-partner-admin");
    const until = () => new Date(Date.now() + 90 * 86_400_000).toISOString();
    expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
    const partner: TestClaims = { sub: "rekeyed-partner-admin", role: "partner", scope: partnerId };
    const server = await partnerServer();
    try {
      const registered = await graph.query(
        `mutation($url: String!) { registerWebhook(url: $url) { webhook { id } } }`,
        { url: server.url },
        partner,
      );
      expect(registered.errors).toBeUndefined();
      expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
      // The server's WEBHOOK_SECRETS_KEY replaced by another.
      const rekeyed = { ...WEBHOOKS, maxAttempts: 1, secretsKey: webhookSecretsKey("another key, not the one that sealed it") };
      expect(await deliverWebhooks(graph.subgraphs.residents.prisma, rekeyed)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
      expect(server.received).toHaveLength(0);
      const log = await graph.query(`{ webhookDeliveries(first: 5) { edges { node { status lastError } } } }`, {}, partner);
      expect(log.data!.webhookDeliveries.edges[0].node).toEqual({
        status: "FAILED",
        lastError: expect.stringMatching(/secret cannot be opened/),
      });
    } finally {
      await server.close();
    }
  });

  it("refuses at delivery an address that is not public, even one registered while it was allowed", async () => {
    const partnerId = await registerPartner("Inward volunteers", "inward-partner-admin");
    const until = () => new Date(Date.now() + 90 * 86_400_000).toISOString();
    expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
    const partner: TestClaims = { sub: "inward-partner-admin", role: "partner", scope: partnerId };
    const server = await partnerServer();
    try {
      // Registered where local testing is allowed; delivered by a deployment where it is not.
      const registered = await graph.query(
        `mutation($url: String!) { registerWebhook(url: $url) { webhook { id } } }`,
        { url: server.url },
        partner,
      );
      expect(registered.errors).toBeUndefined();
      expect((await graph.query(APPROVE, { id: partnerId, until: until() }, streetOfficer)).errors).toBeUndefined();
      const { prisma } = graph.subgraphs.residents;
      const production = { ...WEBHOOKS, allowLocalHttp: false, maxAttempts: 1 };
      expect(await deliverWebhooks(prisma, production)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
      expect(server.received).toHaveLength(0);
      const log = await graph.query(`{ webhookDeliveries(first: 5) { edges { node { status lastError } } } }`, {}, partner);
      expect(log.data?.webhookDeliveries.edges[0].node).toMatchObject({ status: "FAILED" });
      expect(log.data?.webhookDeliveries.edges[0].node.lastError).toMatch(/127\.0\.0\.1 is not a public address/);
    } finally {
      await server.close();
    }
  });
});
