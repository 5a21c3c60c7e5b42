// Partner accounts and pairing opportunities through the real gateway: a person signs in (a token
// with a subject and no role), registers an organisation, is approved, invites a colleague who
// accepts; both act as the partner from their plain sign-in tokens; the removed colleague is
// refused on the next request, and told so; a registrant the street office rejected reads why; an
// invitation withdrawn is refused too. Then the partner proposes from an opportunity without any answer it
// gets ever holding a name, phone, address or household id.
import { randomUUID } from "node:crypto";
import { creditCode, Random } from "@grassroots/demo-district";
import type { TestClaims } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { expectNothingInternal } from "./support/leaks";
import { demoUser } from "./support/users";

let graph: RunningGraph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.close());

const random = new Random("partner-accounts-e2e");
const key = () => `e2e-${randomUUID()}`;
const codes = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code) ?? [];
/** Every answer the partner's people get, raw, to search for what they must never see. */
const partnerAnswers: string[] = [];

async function query(document: string, variables: Record<string, unknown>, as: TestClaims | null) {
  const response = await graph.query(document, variables, as);
  expectNothingInternal(response.raw);
  return response;
}

const REGISTER = `mutation($input: RegisterPartnerInput!, $key: String!) {
  registerPartner(input: $input, idempotencyKey: $key) { partnerId status } }`;
const ME = `{ myPartnerAccount { id role registration { partnerId status } } }`;
const ACTS = `query($id: ID!) { partner(id: $id) { id name canStartPairings } myPairings { id } }`;
const CLOSED = `{ myClosedPartnerAccount { role removedAt registration { partnerId status rejection { rejectedAt notes } } } }`;

describe("partner accounts", () => {
  const alice: TestClaims = { sub: `idp|alice-${randomUUID()}` };
  const bob: TestClaims = { sub: `idp|bob-${randomUUID()}` };
  let partnerId: string;

  it("a person signs in, registers, is approved, invites a colleague who accepts; both act; the removed one is refused next", async () => {
    const input = {
      name: "Tianshan Road Volunteers",
      kind: "SOCIAL_ORGANIZATION",
      creditCode: creditCode(random, "SOCIAL_ORGANIZATION"),
      contactPerson: "林晓梅",
      contactPhone: "13700001111",
      streetCode: "310105001",
      services: ["ELDERLY_LIVING_ALONE", "LOW_INCOME", "DISABILITY"],
      capacity: 5,
    };
    expect(codes(await query(REGISTER, { input, key: key() }, null))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await query(REGISTER, { input, key: key() }, demoUser("demo-street-officer")))).toEqual(["FORBIDDEN"]);
    const registered = await query(REGISTER, { input, key: key() }, alice);
    expect(registered.errors).toBeUndefined();
    partnerId = registered.data?.registerPartner.partnerId;

    // Pending: Alice sees her registration, and does not act for it yet.
    expect((await query(ME, {}, alice)).data?.myPartnerAccount).toMatchObject({
      role: "ADMINISTRATOR",
      registration: { partnerId, status: "PENDING" },
    });
    const pending = await query(ACTS, { id: partnerId }, alice);
    expect(pending.data).toEqual({ partner: null, myPairings: null });

    const approved = await query(
      `mutation($id: ID!, $until: DateTime!) { approvePartner(id: $id, vettingNotes: "Checked.", approvedUntil: $until) { status } }`,
      { id: partnerId, until: new Date(Date.now() + 365 * 86_400_000).toISOString() },
      demoUser("demo-street-officer"),
    );
    expect(approved.data?.approvePartner).toEqual({ status: "APPROVED" });
    const acting = await query(ACTS, { id: partnerId }, alice);
    expect(acting.errors).toBeUndefined();
    expect(acting.data).toEqual({ partner: { id: partnerId, name: input.name, canStartPairings: true }, myPairings: [] });

    // Alice invites Bob with a one-time code; Bob accepts it; a second use of it is refused.
    const INVITE = `mutation { invitePartnerMember { code expiresAt } }`;
    expect(codes(await query(INVITE, {}, bob))).toEqual(["FORBIDDEN"]);
    const invitation = await query(INVITE, {}, alice);
    const code = invitation.data?.invitePartnerMember.code as string;
    expect(code).toMatch(/^[\w-]{20}$/);
    const ACCEPT = `mutation($code: String!) { acceptPartnerInvitation(code: $code) { id role registration { partnerId } } }`;
    const accepted = await query(ACCEPT, { code }, bob);
    expect(accepted.data?.acceptPartnerInvitation).toMatchObject({ role: "MEMBER", registration: { partnerId } });
    const bobAccount = accepted.data?.acceptPartnerInvitation.id as string;
    const reused = await query(ACCEPT, { code }, { sub: `idp|carol-${randomUUID()}` });
    expect(reused.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "code" });
    expect((await query(ACCEPT, { code }, bob)).data?.acceptPartnerInvitation.id).toBe(bobAccount);

    // Both act as the partner from their plain sign-in tokens; only the administrator manages members.
    for (const as of [alice, bob]) {
      const both = await query(ACTS, { id: partnerId }, as);
      expect(both.errors, String(as.sub)).toBeUndefined();
      expect(both.data?.partner.id).toBe(partnerId);
    }
    expect(codes(await query(INVITE, {}, bob))).toEqual(["FORBIDDEN"]);
    const ACCOUNTS = `query($id: ID!) { partner(id: $id) { accounts { subject role } } }`;
    expect((await query(ACCOUNTS, { id: partnerId }, alice)).data?.partner.accounts).toEqual([
      { subject: alice.sub, role: "ADMINISTRATOR" },
      { subject: bob.sub, role: "MEMBER" },
    ]);

    // Alice removes Bob: his very next request is refused, through every subgraph.
    const REMOVE = `mutation($id: ID!) { removePartnerMember(accountId: $id) { subject removedAt } }`;
    expect(codes(await query(REMOVE, { id: bobAccount }, bob))).toEqual(["FORBIDDEN"]);
    const removed = await query(REMOVE, { id: bobAccount }, alice);
    expect(removed.data?.removePartnerMember).toEqual({ subject: bob.sub, removedAt: expect.any(String) });
    const refused = await query(ACTS, { id: partnerId }, bob);
    expect(refused.data).toEqual({ partner: null, myPairings: null });
    expect(codes(refused)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    // A partner-role token naming the organisation does not bring him back: the account decides.
    const claimed = await query(ACTS, { id: partnerId }, { ...bob, role: "partner", scope: partnerId });
    expect(codes(claimed)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    // No account: null, and no error (the account's fields asked for are simply not there).
    expect(await query(ME, {}, bob)).toMatchObject({ data: { myPartnerAccount: null }, errors: undefined });
    // He is told his account was closed, and that the organisation was not rejected.
    expect((await query(CLOSED, {}, bob)).data?.myClosedPartnerAccount).toEqual({
      role: "MEMBER",
      removedAt: expect.any(String),
      registration: { partnerId, status: "APPROVED", rejection: null },
    });
    expect(await query(ME, {}, { sub: `idp|nobody-${randomUUID()}` })).toMatchObject({
      data: { myPartnerAccount: null },
      errors: undefined,
    });
    expect((await query(ACTS, { id: partnerId }, alice)).errors).toBeUndefined();
  });

  it("a registrant whose registration the street office rejected reads when and why, and may register again", async () => {
    const carol: TestClaims = { sub: `idp|carol-${randomUUID()}` };
    const input = {
      name: "Xianxia Road Helpers",
      kind: "COMPANY",
      creditCode: creditCode(random, "COMPANY"),
      contactPerson: "陈立",
      contactPhone: "13700002222",
      streetCode: "310105001",
      services: ["LOW_INCOME"],
      capacity: 2,
    };
    const rejectedId = (await query(REGISTER, { input, key: key() }, carol)).data?.registerPartner.partnerId as string;
    // Pending: her account is live, so nothing has closed.
    expect((await query(CLOSED, {}, carol)).data).toEqual({ myClosedPartnerAccount: null });
    const notes = "The credit code belongs to another organisation; register with your own.";
    const rejected = await query(
      `mutation($id: ID!, $notes: String!) { rejectPartner(id: $id, vettingNotes: $notes) { status } }`,
      { id: rejectedId, notes },
      demoUser("demo-street-officer"),
    );
    expect(rejected.data?.rejectPartner).toEqual({ status: "REJECTED" });
    // The rejection closed her account: she reads it, with the office's reasons.
    expect((await query(ME, {}, carol)).data).toEqual({ myPartnerAccount: null });
    const closed = (await query(CLOSED, {}, carol)).data?.myClosedPartnerAccount;
    expect(closed).toEqual({
      role: "ADMINISTRATOR",
      removedAt: expect.any(String),
      registration: { partnerId: rejectedId, status: "REJECTED", rejection: { rejectedAt: expect.any(String), notes } },
    });
    // Nobody else reads it: another person is answered null, and so is a staff token of her own subject.
    expect((await query(CLOSED, {}, { sub: `idp|dave-${randomUUID()}` })).data).toEqual({ myClosedPartnerAccount: null });
    const asStaff = { sub: carol.sub, role: "street_officer", scope: "310105001" };
    expect((await query(CLOSED, {}, asStaff)).data).toEqual({ myClosedPartnerAccount: null });
    // She registers again: a live account once more, and nothing closed to tell.
    const again = await query(REGISTER, { input: { ...input, creditCode: creditCode(random, "COMPANY") }, key: key() }, carol);
    expect(again.data?.registerPartner.status).toBe("PENDING");
    expect((await query(CLOSED, {}, carol)).data).toEqual({ myClosedPartnerAccount: null });
  });

  it("an administrator lists the invitations and withdraws one nobody used: its code is refused from then on", async () => {
    const INVITE = `mutation { invitePartnerMember { invitationId code } }`;
    const LIST = `query($id: ID!) { partner(id: $id) { invitations { id role status invitedBy acceptedBy revokedAt } } }`;
    const REVOKE = `mutation($id: ID!) { revokePartnerInvitation(invitationId: $id) { id status revokedAt } }`;
    const ACCEPT = `mutation($code: String!) { acceptPartnerInvitation(code: $code) { id role } }`;
    const lost = (await query(INVITE, {}, alice)).data?.invitePartnerMember as { invitationId: string; code: string };
    const kept = (await query(INVITE, {}, alice)).data?.invitePartnerMember as { invitationId: string; code: string };

    // Newest first, with the one Bob used in the first test.
    const listed = (await query(LIST, { id: partnerId }, alice)).data?.partner.invitations;
    expect(listed.slice(0, 2)).toEqual([
      { id: kept.invitationId, role: "MEMBER", status: "PENDING", invitedBy: alice.sub, acceptedBy: null, revokedAt: null },
      { id: lost.invitationId, role: "MEMBER", status: "PENDING", invitedBy: alice.sub, acceptedBy: null, revokedAt: null },
    ]);
    const used = listed[2];
    expect(used).toMatchObject({ status: "ACCEPTED", acceptedBy: bob.sub });

    // Withdrawn: listed so, again answered alike, and its code refused as any unusable code is.
    const revoked = await query(REVOKE, { id: lost.invitationId }, alice);
    expect(revoked.data?.revokePartnerInvitation).toEqual({
      id: lost.invitationId,
      status: "REVOKED",
      revokedAt: expect.any(String),
    });
    expect((await query(REVOKE, { id: lost.invitationId }, alice)).data?.revokePartnerInvitation).toEqual(
      revoked.data?.revokePartnerInvitation,
    );
    const refused = await query(ACCEPT, { code: lost.code }, { sub: `idp|mallory-${randomUUID()}` });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "code" });

    // A used code is not withdrawn: the member is removed instead. Ids of no invitation of this
    // organisation (another's, unknown, malformed) are the caller's mistake.
    const usedOne = await query(REVOKE, { id: used.id }, alice);
    expect(usedOne.errors?.[0]?.extensions).toEqual({ code: "CONFLICT", field: "invitationId" });
    expect(usedOne.errors?.[0]?.message).toMatch(/remove their account/);
    for (const id of [randomUUID(), "not-an-id"]) {
      expect((await query(REVOKE, { id }, alice)).errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "invitationId",
      });
    }
    const otherAdministrator = demoUser("demo-partner");
    expect((await query(REVOKE, { id: kept.invitationId }, otherAdministrator)).errors?.[0]?.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: "invitationId",
    });
    const otherList = await query(LIST, { id: partnerId }, otherAdministrator);
    expect(JSON.stringify(otherList.data ?? null)).not.toContain(kept.invitationId);

    // The code still valid works; its new member neither lists nor withdraws invitations.
    const dave: TestClaims = { sub: `idp|dave-${randomUUID()}` };
    expect((await query(ACCEPT, { code: kept.code }, dave)).data?.acceptPartnerInvitation).toMatchObject({ role: "MEMBER" });
    const asMember = await query(LIST, { id: partnerId }, dave);
    expect(asMember.data?.partner.invitations).toBeNull();
    expect(codes(asMember)).toEqual(["FORBIDDEN"]);
    expect(codes(await query(REVOKE, { id: kept.invitationId }, dave))).toEqual(["FORBIDDEN"]);
    expect((await query(LIST, { id: partnerId }, alice)).data?.partner.invitations[0]).toMatchObject({
      id: kept.invitationId,
      status: "ACCEPTED",
      acceptedBy: dave.sub,
    });
  });

  it("lets the partner propose from an opportunity without ever seeing a name, phone, address or household id", async () => {
    // Households in need of the partner's street, some made now so that a few are surely open.
    for (const [i, name] of ["端木春花", "欧阳建华"].entries()) {
      await graph.subgraphs.residents.prisma.household.create({
        data: {
          id: randomUUID(),
          blockCode: "310105001002001",
          address: `Room 10${i + 1}, No. 4, Lane 912, Wuyi Road`,
          size: 1,
          needs: ["LOW_INCOME"],
          contactPhone: `1380000111${i}`,
          residents: { create: { id: randomUUID(), name, birthYear: 1950, isHead: true } },
        },
      });
    }
    const made = randomUUID();
    await graph.subgraphs.residents.prisma.household.create({
      data: {
        id: made,
        blockCode: "310105001001001",
        address: "Room 502, No. 9, Lane 777, Tianshan Road",
        size: 3,
        needs: ["DISABILITY"],
        contactPhone: "13955556666",
        residents: {
          create: { id: randomUUID(), name: "诸葛玉兰", idNumber: "310105195203124421", birthYear: 1952, isHead: true },
        },
      },
    });
    const inNeed = await graph.subgraphs.residents.prisma.household.findMany({
      where: { blockCode: { startsWith: "310105001" }, needs: { isEmpty: false } },
      include: { residents: true },
    });
    const LIST = `query($after: String) { pairingOpportunities(first: 2, after: $after) {
      pageInfo { hasNextPage endCursor } edges { cursor node { id blockCode needs householdSize } } } }`;
    const opportunities: { id: string; blockCode: string; needs: string[]; householdSize: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await query(LIST, { after }, alice);
      partnerAnswers.push(page.raw);
      expect(page.errors).toBeUndefined();
      opportunities.push(...(page.data?.pairingOpportunities.edges ?? []).map((edge: { node: never }) => edge.node));
      if (!page.data?.pairingOpportunities.pageInfo.hasNextPage) break;
      after = page.data.pairingOpportunities.pageInfo.endCursor;
    }
    expect(opportunities.length).toBeGreaterThanOrEqual(3);
    const chosen = opportunities.find(
      (opportunity) => opportunity.needs.includes("DISABILITY") && opportunity.householdSize === "THREE_OR_FOUR",
    )!;
    const REQUEST = `mutation($id: ID!, $key: String!) { requestPairing(input: { opportunityId: $id, note: "Weekly visits" }, idempotencyKey: $key) {
      id status pairedHousehold { blockCode needs salutation contactPhone } household { id } } }`;
    const proposed = await query(REQUEST, { id: chosen.id, key: key() }, alice);
    partnerAnswers.push(proposed.raw);
    expect(proposed.data?.requestPairing).toMatchObject({ status: "PROPOSED", household: null });
    expect(proposed.data?.requestPairing.pairedHousehold).toEqual({
      blockCode: chosen.blockCode,
      needs: chosen.needs,
      salutation: null,
      contactPhone: null,
    });
    const pairing = await graph.subgraphs.residents.prisma.pairing.findUniqueOrThrow({
      where: { id: proposed.data?.requestPairing.id },
    });
    const household = inNeed.find((row) => row.id === pairing.householdId)!;
    const MINE = `{ myPairings { id status proposalNote pairedHousehold { blockCode needs salutation contactPhone } } }`;
    partnerAnswers.push((await query(MINE, {}, alice)).raw);
    const HOUSEHOLD = `query($id: ID!) { household(id: $id) { id address } }`;
    const direct = await query(HOUSEHOLD, { id: household.id }, alice);
    partnerAnswers.push(direct.raw);
    expect(direct.data).toEqual({ household: null });

    // Nothing the partner was told names anyone: not this household, nor any other in need of its street.
    const everything = partnerAnswers.join("\n");
    for (const row of inNeed) {
      for (const secret of [row.id, row.address, row.contactPhone, ...row.residents.flatMap((r) => [r.name, r.idNumber])]) {
        if (secret) expect(everything.includes(secret), secret).toBe(false);
      }
      expect(everything.includes(row.address.split(",")[0]!)).toBe(false);
    }
  });
});
