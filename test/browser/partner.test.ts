// The partner portal in Chromium against the real graph: a person registers an organisation and a
// street officer approves it; a person whose registration was rejected reads why; the credit code's check character is checked while typing, as the API
// checks it; the demo partner's opportunities and pairings show exactly what the API gives a partner,
// and a check-in logged on the page reaches the API; a member registered on the page is what the API
// lists; an administrator's invitation code lets a new person join. Every page compared with what the API answers, with no serious accessibility violation.
import { randomUUID } from "node:crypto";
import { creditCode, DEMO_PARTNER_ID, DEMO_USERS, Random } from "@grassroots/demo-district";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckCharacter, creditCodeProblem } from "../../web/src/partner/credit-code";
import { seriousViolations } from "./accessibility";
import { type BrowserWorld, collectPageErrors, PHONE, signIn, signInAsPerson, startBrowserWorld } from "./browser";

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

/** A demo account's claims, as its token carries them (without what it `does`). */
const claimsOf = (sub: string): { sub: string; role: string; scope: string } => {
  const { does: _does, ...claims } = DEMO_USERS.find((user) => user.sub === sub) as (typeof DEMO_USERS)[number] & {
    scope: string;
  };
  return claims;
};
const partner = claimsOf("demo-partner");
const officer = claimsOf("demo-street-officer");
const worker = claimsOf("demo-community-worker");
/** A person the development sign-in makes from a name (gateway/src/web-app.ts): their subject. */
const personSub = (name: string) => `person-${name.toLowerCase()}`;
const uniqueName = (first: string) => `${first}${randomUUID().replace(/-/g, "").slice(0, 10)}`;
const random = new Random(`partner-browser-${randomUUID()}`);

const shanghaiDate = (iso: string) =>
  new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium" }).format(new Date(iso));

async function api<Data = Record<string, any>>(query: string, variables: Record<string, unknown>, as: Record<string, unknown>) {
  const response = await world.graph.query<Data>(query, variables, as as never);
  expect(response.errors, query).toBeUndefined();
  return response.data!;
}

/** The answer to the page's own request of this operation, with the request. */
async function operationAnswer(page: Page, operation: string, act: () => Promise<unknown>) {
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate: Response) =>
        candidate.url().endsWith("/graphql") && (candidate.request().postData() ?? "").includes(`query ${operation}`),
    ),
    act(),
  ]);
  const request = JSON.parse(response.request().postData()!) as { query: string; variables: Record<string, unknown> };
  return { request, body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] } };
}

describe("the credit code, as the API checks it", () => {
  it("agrees with the API's algorithm on the demo district's codes and on every wrong check character", () => {
    for (const kind of ["COMPANY", "AGENCY", "SCHOOL", "SOCIAL_ORGANIZATION"] as const) {
      for (let i = 0; i < 10; i++) {
        const code = creditCode(random, kind);
        expect(creditCodeProblem(code)).toBeNull();
        expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
        const wrong = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
        expect(creditCodeProblem(wrong)).toEqual({ kind: "check", expected: code[17] });
      }
    }
    expect(creditCodeProblem("91310105MA1FL0000")).toEqual({ kind: "length", length: 17 });
    expect(creditCodeProblem("91310105MA1FLI0000")).toEqual({ kind: "character", character: "I" });
  });

  it("shows the check character's problem while typing, and clears it once corrected, asking nothing of the API", async () => {
    const page = await (await world.newContext(PHONE)).newPage();
    const errors = collectPageErrors(page);
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/graphql")) asked.push(request.postData() ?? "");
    });
    await signInAsPerson(page, uniqueName("Typist"));
    await page.waitForURL(/\/partner\/register$/);
    const code = creditCode(random, "COMPANY");
    const wrong = code[17] === "0" ? "1" : "0";
    const field = page.getByLabel("统一社会信用代码");
    const hint = page.getByTestId("credit-code-hint");
    await field.pressSequentially(code.slice(0, 17) + wrong);
    await expect.poll(() => hint.textContent()).toContain(`校验位应为 ${code[17]}`);
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    await field.press("Backspace");
    await field.pressSequentially(code[17]!.toLowerCase());
    await expect.poll(() => hint.textContent()).toBe("校验位正确。");
    expect(await field.getAttribute("aria-invalid")).toBeNull();
    expect(asked.filter((body) => body.includes("registerPartner"))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("registering and vetting", () => {
  it("a new person registers through the form, the street officer approves it, and the person sees it approved", async () => {
    const name = uniqueName("Alice");
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signInAsPerson(page, name);
    await page.waitForURL(/\/partner\/register$/);
    const street = page.getByLabel("注册的街道办事处");
    await expect.poll(() => street.locator("option").count()).toBeGreaterThan(1);
    expect(await seriousViolations(page)).toEqual([]);

    const organisation = `Tianshan Road Neighbours ${randomUUID().slice(0, 8)}`;
    await page.getByLabel("单位名称").fill(organisation);
    await page.getByLabel("单位类型").selectOption("SOCIAL_ORGANIZATION");
    await page.getByLabel("统一社会信用代码").fill(creditCode(random, "SOCIAL_ORGANIZATION"));
    await street.selectOption(officer.scope);
    await page.getByLabel("独居老人").check();
    await page.getByLabel("残疾").check();
    await page.getByLabel("可同时帮扶的家庭数").fill("4");
    await page.getByLabel("联系人").fill("林晓梅");
    await page.getByLabel("联系电话").fill("13700001111");
    await page.getByRole("button", { name: "提交注册" }).click();

    await page.waitForURL(/\/partner$/);
    const status = page.getByTestId("registration-status");
    await expect.poll(() => status.getAttribute("data-status")).toBe("PENDING");
    expect(await status.textContent()).toContain("待审核");
    const mine = await api(
      `{ myPartnerAccount { role registration { partnerId status street { code } } } }`,
      {},
      {
        sub: personSub(name),
      },
    );
    expect(mine.myPartnerAccount).toMatchObject({
      role: "ADMINISTRATOR",
      registration: { status: "PENDING", street: { code: officer.scope } },
    });
    const partnerId = mine.myPartnerAccount.registration.partnerId as string;
    expect(await seriousViolations(page)).toEqual([]);

    // The street officer, in a browser of their own, approves it from the vetting queue.
    const officerPage = await (await world.newContext()).newPage();
    const officerErrors = collectPageErrors(officerPage);
    await signIn(officerPage, "demo-street-officer");
    await officerPage.goto("/partner/vetting");
    const card = officerPage.locator(`article[data-partner-id="${partnerId}"]`);
    await card.waitFor();
    expect(await card.locator("h2").textContent()).toContain(organisation);
    await card.getByRole("button", { name: "通过", exact: true }).click();
    await card.getByLabel("审核意见").fill("营业执照与推荐信已核实。");
    await card.getByRole("button", { name: "确认通过" }).click();
    await officerPage.getByRole("status").filter({ hasText: organisation }).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    expect(await seriousViolations(officerPage)).toEqual([]);

    const approved = await api(
      `query($id: ID!) { partner(id: $id) { name status approvedUntil vettingNotes } }`,
      { id: partnerId },
      {
        sub: "demo-admin",
        role: "admin",
      },
    );
    expect(approved.partner).toMatchObject({ name: organisation, status: "APPROVED", vettingNotes: "营业执照与推荐信已核实。" });

    // The person's token has not changed: the API reads their account, now approved.
    await page.reload();
    await expect.poll(() => status.getAttribute("data-status")).toBe("APPROVED");
    const shown = await status.textContent();
    expect(shown).toContain(organisation);
    expect(shown).toContain(shanghaiDate(approved.partner.approvedUntil));
    expect(shown).toContain("营业执照与推荐信已核实。");
    expect(await page.getByRole("link", { name: "同事与邀请" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(officerErrors).toEqual([]);
  });

  it("a person whose registration the street office rejected reads when and why where they land, and registers again", async () => {
    const name = uniqueName("Bao");
    const input = {
      name: `Xianxia Road Helpers ${randomUUID().slice(0, 8)}`,
      kind: "COMPANY",
      creditCode: creditCode(random, "COMPANY"),
      contactPerson: "陈立",
      contactPhone: "13700002222",
      streetCode: officer.scope,
      services: ["LOW_INCOME"],
      capacity: 2,
    };
    const registered = await api(
      `mutation($input: RegisterPartnerInput!, $key: String!) { registerPartner(input: $input, idempotencyKey: $key) { partnerId } }`,
      { input, key: randomUUID() },
      { sub: personSub(name) },
    );
    const notes = "统一社会信用代码与营业执照不符，请核对后重新注册。";
    await api(
      `mutation($id: ID!, $notes: String!) { rejectPartner(id: $id, vettingNotes: $notes) { status } }`,
      { id: registered.registerPartner.partnerId, notes },
      officer,
    );

    const page = await (await world.newContext(PHONE)).newPage();
    const errors = collectPageErrors(page);
    await signInAsPerson(page, name);
    // A person without an account lands on the form: the rejection and its reasons are above it.
    await page.waitForURL(/\/partner\/register$/);
    const status = page.getByTestId("registration-status");
    await expect.poll(() => status.getAttribute("data-status")).toBe("REJECTED");
    expect(await status.textContent()).toContain("未通过审核");
    expect(await page.getByTestId("rejection-notes").textContent()).toContain(notes);
    const { myClosedPartnerAccount } = await api(
      `{ myClosedPartnerAccount { registration { status rejection { rejectedAt notes } } } }`,
      {},
      { sub: personSub(name) },
    );
    expect(myClosedPartnerAccount.registration).toMatchObject({ status: "REJECTED", rejection: { notes } });
    expect(await status.textContent()).toContain(shanghaiDate(myClosedPartnerAccount.registration.rejection.rejectedAt));
    expect(await seriousViolations(page)).toEqual([]);
    // The partner home says the same, with the way back to the form.
    await page.goto("/partner");
    await expect.poll(() => page.getByTestId("registration-status").getAttribute("data-status")).toBe("REJECTED");
    await page.getByRole("link", { name: "注册共建单位" }).click();

    // Registered again, with the code corrected: waiting once more, and the rejection no longer shown.
    await page.getByLabel("单位名称").fill(input.name);
    await page.getByLabel("单位类型").selectOption("COMPANY");
    await page.getByLabel("统一社会信用代码").fill(creditCode(random, "COMPANY"));
    const street = page.getByLabel("注册的街道办事处");
    await expect.poll(() => street.locator("option").count()).toBeGreaterThan(1);
    await street.selectOption(officer.scope);
    await page.getByLabel("低收入").check();
    await page.getByLabel("可同时帮扶的家庭数").fill("2");
    await page.getByLabel("联系人").fill(input.contactPerson);
    await page.getByLabel("联系电话").fill(input.contactPhone);
    await page.getByRole("button", { name: "提交注册" }).click();
    await page.waitForURL(/\/partner$/);
    await expect.poll(() => page.getByTestId("registration-status").getAttribute("data-status")).toBe("PENDING");
    expect(await page.getByTestId("registration-status").count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe("the approved partner's work", () => {
  /**
   * Households in need in the demo community worker's block: the test-scale demo leaves the demo
   * partner's street none open for pairing. The API makes no households (the registry is imported),
   * so they are written as the other end-to-end tests write them, through the residents' database.
   */
  async function householdsInNeed(count: number) {
    for (let i = 0; i < count; i++) {
      await world.graph.subgraphs.residents.prisma.household.create({
        data: {
          id: randomUUID(),
          blockCode: `${worker.scope}001`,
          address: `Room 20${i + 1}, No. 5, Lane 300, Huayang Road`,
          size: 2,
          needs: ["ELDERLY_LIVING_ALONE", "LOW_INCOME"],
          contactPhone: `1390000${String(1000 + i)}`,
          residents: {
            create: { id: randomUUID(), name: "沈玉兰", idNumber: "310105194802124428", birthYear: 1948, isHead: true },
          },
        },
      });
    }
  }

  /** An active pairing of the demo partner, made through the API: proposed by it, accepted by the household's worker. */
  async function activePairing(): Promise<string> {
    const open = await api(`{ pairingOpportunities(first: 100) { edges { node { id blockCode } } } }`, {}, partner);
    const ofWorker = open.pairingOpportunities.edges.find((edge: any) => edge.node.blockCode.startsWith(worker.scope));
    const proposed = await api(
      `mutation($id: ID!, $key: String!) { requestPairing(input: { opportunityId: $id, note: "每周探访" }, idempotencyKey: $key) { id } }`,
      { id: ofWorker.node.id, key: randomUUID() },
      partner,
    );
    await api(
      `mutation($id: ID!) { acceptPairing(id: $id, consent: { householdAgreed: true, contactConsent: true }) { id } }`,
      { id: proposed.requestPairing.id },
      worker,
    );
    return proposed.requestPairing.id;
  }

  it("shows the opportunities and pairings the API gives a partner, and logs a check-in the API then has", async () => {
    await householdsInNeed(3);
    const pairingId = await activePairing();
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-partner");
    await page.waitForURL(/\/partner$/);
    await page.getByTestId("registration-status").waitFor();
    expect(await page.getByTestId("registration-status").getAttribute("data-status")).toBe("APPROVED");

    // Opportunities: the same households, in the API's order, with what it says of them.
    const opportunities = await operationAnswer(page, "PairingOpportunities", () =>
      page.getByRole("link", { name: "结对机会" }).click(),
    );
    expect(opportunities.body.errors).toBeUndefined();
    const expected = await api(opportunities.request.query, opportunities.request.variables, partner);
    expect(opportunities.body.data).toEqual(expected);
    const nodes = expected.pairingOpportunities.edges.map((edge: any) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    await page.locator("[data-opportunity-id]").first().waitFor();
    expect(
      await page
        .locator("[data-opportunity-id]")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-opportunity-id"))),
    ).toEqual(nodes.map((node: any) => node.id));
    const first = page.locator(`[data-opportunity-id="${nodes[0].id}"]`);
    expect(await first.locator('[data-field="blockCode"]').textContent()).toBe(nodes[0].blockCode);
    expect(await first.locator("[data-need]").evaluateAll((tags) => tags.map((tag) => tag.getAttribute("data-need")))).toEqual(
      nodes[0].needs,
    );

    // Pairings: asked only for what a partner is given (no refusal in the answer), shown as answered.
    const pairings = await operationAnswer(page, "MyPairings", () => page.goto("/partner/pairings"));
    expect(pairings.body.errors).toBeUndefined();
    expect(pairings.request.query).not.toMatch(/\bhousehold\s*\{|consentNote|endNote/);
    const answered = await api(pairings.request.query, pairings.request.variables, partner);
    expect(pairings.body.data).toEqual(answered);
    const mine = answered.myPairings as any[];
    await page.locator("[data-pairing-id]").first().waitFor();
    expect(
      await page.locator("[data-pairing-id]").evaluateAll((items) => items.map((item) => item.getAttribute("data-pairing-id"))),
    ).toEqual(mine.map((pairing) => pairing.id));
    for (const pairing of mine) {
      const card = page.locator(`[data-pairing-id="${pairing.id}"]`);
      expect(await card.getAttribute("data-status")).toBe(pairing.status);
      expect(await card.locator('[data-field="blockCode"]').textContent()).toBe(pairing.pairedHousehold.blockCode);
      expect(await card.locator('[data-field="salutation"]').textContent()).toBe(
        pairing.pairedHousehold.salutation ?? "住户同意结对后显示",
      );
      const phone = await card.locator('[data-field="contactPhone"]').textContent();
      if (pairing.pairedHousehold.contactPhone) expect(phone).toBe(pairing.pairedHousehold.contactPhone);
      else expect(phone).not.toMatch(/\d{7}/);
      expect(await card.locator("[data-check-in-id]").count()).toBe(pairing.checkIns.length);
    }
    expect(await seriousViolations(page)).toEqual([]);

    // A check-in on the active pairing: the page shows it, and so does the API.
    const help = `送去米面油，检查了取暖器 ${randomUUID().slice(0, 6)}`;
    const card = page.locator(`[data-pairing-id="${pairingId}"]`);
    await card.getByRole("button", { name: "记录帮扶" }).click();
    await card.getByLabel("帮扶方式").selectOption("SUPPLIES");
    await card.getByLabel("帮扶内容").fill(help);
    await card.getByRole("button", { name: "保存记录" }).click();
    await card.locator(".check-ins li", { hasText: help }).waitFor();
    const logged = await api(`query($id: ID!) { pairing(id: $id) { checkIns { kind help } } }`, { id: pairingId }, partner);
    expect(logged.pairing.checkIns).toContainEqual({ kind: "SUPPLIES", help });
    expect(errors).toEqual([]);
  });

  it("a member registers where they live: an unknown block is told at its field, and the list is what the API has", async () => {
    const page = await (await world.newContext(PHONE)).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-partner");
    await page.waitForURL(/\/partner$/);
    await page.getByRole("link", { name: "成员居住地报到" }).click();
    await page.getByTestId("member-count").waitFor();
    const before = await api(`query($id: ID!) { partner(id: $id) { memberCount } }`, { id: DEMO_PARTNER_ID }, partner);

    // A well-formed code of a block the district does not serve: refused at the code's field, nothing stored.
    const name = uniqueName("王");
    const unknown = `${worker.scope}999`;
    await page.getByLabel("姓名").fill(name);
    await page.getByLabel("居住小区编码").fill(unknown);
    await page.getByRole("button", { name: "登记", exact: true }).click();
    const code = page.getByLabel("居住小区编码");
    await expect.poll(() => code.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("[id$='-code-error']").textContent()).toContain(unknown);
    expect(await seriousViolations(page)).toEqual([]);

    // The member's real block: registered once, shown as the API lists them.
    const home = `${worker.scope}001`;
    await code.fill(home);
    await page.getByRole("button", { name: "登记", exact: true }).click();
    await page.getByRole("status").filter({ hasText: name }).waitFor();
    const after = await api(
      `query($id: ID!) { partner(id: $id) { memberCount members(first: 100) { id name homeBlockCode } } }`,
      { id: DEMO_PARTNER_ID },
      partner,
    );
    expect(after.partner.memberCount).toBe(before.partner.memberCount + 1);
    const registered = after.partner.members.filter((member: any) => member.name === name);
    expect(registered).toEqual([{ id: expect.any(String), name, homeBlockCode: home }]);
    const row = page.locator(`tr[data-member-id="${registered[0].id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-field="name"]').textContent()).toBe(name);
    expect(await row.locator('[data-field="homeBlockCode"]').textContent()).toBe(home);
    expect(await page.getByTestId("member-count").textContent()).toContain(String(after.partner.memberCount));
    // The form is empty for the next member.
    expect(await page.getByLabel("姓名").inputValue()).toBe("");
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("an administrator invites a colleague, who joins with the code and acts for the organisation; a code withdrawn stops working", async () => {
    const admin = await (await world.newContext()).newPage();
    const errors = collectPageErrors(admin);
    await signIn(admin, "demo-partner");
    await admin.goto("/partner/colleagues");
    await admin.getByLabel("身份").selectOption("MEMBER");
    await admin.getByRole("button", { name: "生成邀请码" }).click();
    const code = (await admin.getByTestId("invitation-code").textContent())!;
    expect(code).toMatch(/^[\w-]{20}$/);
    expect(await seriousViolations(admin)).toEqual([]);

    const name = uniqueName("Bob");
    const colleague = await (await world.newContext(PHONE)).newPage();
    const colleagueErrors = collectPageErrors(colleague);
    await signInAsPerson(colleague, name);
    await colleague.waitForURL(/\/partner\/register$/);
    await colleague.getByRole("link", { name: "使用邀请码加入" }).click();
    await colleague.getByRole("textbox", { name: "邀请码" }).fill(code);
    await colleague.getByRole("button", { name: "加入" }).click();
    await colleague.waitForURL(/\/partner$/);
    await expect.poll(() => colleague.getByTestId("registration-status").getAttribute("data-status")).toBe("APPROVED");
    const organisation = await api(`query($id: ID!) { partner(id: $id) { name } }`, { id: DEMO_PARTNER_ID }, partner);
    expect(await colleague.getByTestId("registration-status").textContent()).toContain(organisation.partner.name);
    // A member does not manage colleagues.
    expect(await colleague.getByRole("link", { name: "同事与邀请" }).count()).toBe(0);

    const joined = await api(`{ myPartnerAccount { role registration { partnerId status } } }`, {}, { sub: personSub(name) });
    expect(joined.myPartnerAccount).toEqual({ role: "MEMBER", registration: { partnerId: DEMO_PARTNER_ID, status: "APPROVED" } });
    await admin.reload();
    await admin.getByRole("cell", { name: personSub(name), exact: true }).waitFor();
    // The invitation is listed as used by the colleague.
    await admin.locator('tr[data-status="ACCEPTED"]', { hasText: personSub(name) }).waitFor();

    // A second code, withdrawn before anyone uses it (newest first: its row is the first not used), stops working.
    await admin.getByRole("button", { name: "生成邀请码" }).click();
    await expect.poll(() => admin.getByTestId("invitation-code").textContent()).not.toBe(code);
    const withdrawn = (await admin.getByTestId("invitation-code").textContent())!;
    const pending = admin.locator('tr[data-status="PENDING"]').first();
    const invitationId = await pending.getAttribute("data-invitation-id");
    await pending.getByRole("button", { name: "撤回" }).click();
    await admin.getByRole("button", { name: /确认撤回/ }).click();
    await admin.locator(`tr[data-invitation-id="${invitationId}"][data-status="REVOKED"]`).waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    const refused = await world.graph.query(
      `mutation($code: String!) { acceptPartnerInvitation(code: $code) { id } }`,
      { code: withdrawn },
      { sub: personSub(uniqueName("Carol")) },
    );
    expect(refused.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "code" });
    expect(errors).toEqual([]);
    expect(colleagueErrors).toEqual([]);
  });
});
