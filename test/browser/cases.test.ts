// The cases app in the browser: a block member accepts and escalates a case through its page, a
// change made behind the page's back is explained as a conflict (and nothing is changed twice),
// and the list shows exactly what the API answers for the filter in the URL. What the page shows is
// compared with what the API says, asked directly.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser } from "../support/users";
import { seriousViolations } from "./accessibility";
import { type BrowserWorld, collectPageErrors, DESKTOP, PHONE, signIn, startBrowserWorld } from "./browser";

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

const member = demoUser("demo-block-member");
const BLOCK = member.scope as string;
const COMMUNITY = BLOCK.slice(0, 12);
/** Another member of the same block team: the API does not take their change for a retry of the page's. */
const colleague = { ...member, sub: "demo-block-colleague" };
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

interface ApiCase {
  id: string;
  status: string;
  tier: string;
  holderCode: string;
  version: number;
  events: { kind: string }[];
}

async function apiCase(id: string): Promise<ApiCase> {
  const { data, errors } = await world.graph.query(
    "query($id: ID!) { case(id: $id) { id status tier holderCode version events { kind } } }",
    { id },
    member,
  );
  expect(errors).toBeUndefined();
  return data?.case as ApiCase;
}

async function api(query: string, variables: Record<string, unknown>, claims = member): Promise<Record<string, any>> {
  const { data, errors } = await world.graph.query(query, variables, claims);
  expect(errors).toBeUndefined();
  expect(data).toBeDefined();
  return data!;
}

/** What the case page shows of the case: status, tier, version and the kinds of its events. */
async function shown(page: Page) {
  return {
    status: await page.getByTestId("case-status").getAttribute("data-value"),
    tier: await page.getByTestId("case-tier").getAttribute("data-value"),
    version: Number(await page.getByTestId("case-version").textContent()),
    events: await page.locator("[data-testid=case-events] > li").evaluateAll((items) => items.map((item) => item.dataset.kind)),
  };
}

describe("the cases app", () => {
  it("lets a block member accept a case with a commitment and escalate it, at phone width", async () => {
    const { cases } = await api(
      `query($filter: CaseFilter) { cases(filter: $filter, first: 100) { edges { node { id holderCode version events { kind } } } } }`,
      { filter: { scope: BLOCK, status: ["OPEN"], tier: ["BLOCK"], overdue: false } },
    );
    const open = cases.edges.map((edge: { node: ApiCase }) => edge.node).find((c: ApiCase) => c.holderCode === BLOCK) as ApiCase;
    expect(open).toBeDefined();

    const page = await (await world.newContext(PHONE)).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-block-member");
    await page.goto(`/cases/${open.id}`);
    await expect.poll(() => shown(page)).toMatchObject({ status: "OPEN", tier: "BLOCK", version: open.version });
    // A block member holding an OPEN block case: accept, escalate, transfer, withdraw; nothing else.
    const forms = await page.locator("form.action h3").allTextContents();
    expect(forms).toEqual(["受理并承诺", "上报上一级", "转办同级", "撤回"]);
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing wider than the phone: tables scroll inside their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await page.getByLabel("承诺办结日期").fill(today());
    await page.getByLabel("承诺说明（可选）").fill("明天上门查看");
    await page.getByRole("button", { name: "受理", exact: true }).click();
    await expect.poll(() => shown(page)).toMatchObject({ status: "ACCEPTED", tier: "BLOCK", version: open.version + 1 });
    expect((await shown(page)).events.at(-1)).toBe("ACCEPTED");
    expect(await page.getByTestId("case-commitment").getAttribute("data-value")).toBe(today());
    const accepted = await apiCase(open.id);
    expect(accepted).toMatchObject({ status: "ACCEPTED", tier: "BLOCK", holderCode: BLOCK, version: open.version + 1 });
    expect(accepted.events.map((event) => event.kind)).toEqual([...open.events.map((event) => event.kind), "ACCEPTED"]);
    expect((await shown(page)).events).toEqual(accepted.events.map((event) => event.kind));

    await page.getByLabel("上报理由").fill("需要社区协调养老服务");
    await page.getByRole("button", { name: "上报", exact: true }).click();
    await expect.poll(() => shown(page)).toMatchObject({ status: "OPEN", tier: "COMMUNITY", version: open.version + 2 });
    const escalated = await apiCase(open.id);
    expect(escalated).toMatchObject({ status: "OPEN", tier: "COMMUNITY", holderCode: COMMUNITY, version: open.version + 2 });
    expect(escalated.events.map((event) => event.kind)).toEqual([...accepted.events.map((event) => event.kind), "ESCALATED"]);
    expect((await shown(page)).events).toEqual(escalated.events.map((event) => event.kind));
    expect(await page.getByTestId("case-holder").getAttribute("data-value")).toBe(COMMUNITY);
    // The member no longer holds it: no form offers what the API would refuse.
    expect(await page.locator("form.action").count()).toBe(1); // withdraw: the member still serves the household
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("explains a change made behind the page's back, refreshes, keeps what was typed and changes nothing twice", async () => {
    const { raiseCase: raised } = await api("mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id version } }", {
      input: {
        idempotencyKey: randomUUID(),
        blockCode: BLOCK,
        channel: "HOTLINE",
        category: "SANITATION",
        description: "楼道垃圾无人清运",
      },
    });
    const page = await (await world.newContext(DESKTOP)).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-block-member");
    await page.goto(`/cases/${raised.id}`);
    await expect.poll(() => shown(page)).toMatchObject({ status: "OPEN", version: raised.version });

    // A colleague accepts it meanwhile.
    await api(
      "mutation($input: AcceptCaseInput!) { acceptCase(input: $input) { version } }",
      { input: { id: raised.id, expectedVersion: raised.version, commitmentDate: today() } },
      colleague,
    );
    const reason = "需要社区协调清运";
    await page.getByLabel("上报理由").fill(reason);
    await page.getByRole("button", { name: "上报", exact: true }).click();

    await expect
      .poll(() => page.getByTestId("conflict").textContent())
      .toBe(`此诉求已被他人更新（当前版本 ${raised.version + 1}），页面已刷新，请确认后重试。`);
    await expect.poll(() => shown(page)).toMatchObject({ status: "ACCEPTED", tier: "BLOCK", version: raised.version + 1 });
    expect(await page.getByLabel("上报理由").inputValue()).toBe(reason);
    const after = await apiCase(raised.id);
    expect(after).toMatchObject({ status: "ACCEPTED", tier: "BLOCK", version: raised.version + 1 });
    expect(after.events.map((event) => event.kind)).toEqual(["RAISED", "ACCEPTED"]);
    expect(await seriousViolations(page)).toEqual([]);

    // Trying again, now at the current version, escalates it once.
    await page.getByRole("button", { name: "上报", exact: true }).click();
    await expect.poll(() => shown(page)).toMatchObject({ status: "OPEN", tier: "COMMUNITY", version: raised.version + 2 });
    expect((await apiCase(raised.id)).events.map((event) => event.kind)).toEqual(["RAISED", "ACCEPTED", "ESCALATED"]);
    expect(errors).toEqual([]);
  });

  it("lists exactly the cases the API answers for the URL's filter, and a filter control changes the URL", async () => {
    const listed = async (filter: Record<string, unknown>, claims = member) => {
      const { cases } = await api(
        `query($filter: CaseFilter) { cases(filter: $filter, first: 100) { totalCount edges { node { id } } } }`,
        { filter },
        claims,
      );
      return { total: cases.totalCount as number, ids: cases.edges.map((edge: { node: { id: string } }) => edge.node.id) };
    };
    /** The ids the page lists, after loading every page. */
    const pageIds = async (page: Page) => {
      await page.locator("[data-testid=case-total][data-filter=current]").waitFor();
      const more = page.getByRole("button", { name: "加载更多" });
      while (await more.count()) {
        const before = await page.locator("tr[data-case-id]").count();
        await more.click();
        await expect.poll(() => page.locator("tr[data-case-id]").count()).toBeGreaterThan(before);
      }
      return {
        total: Number(await page.getByTestId("case-total").getAttribute("data-count")),
        ids: await page.locator("tr[data-case-id]").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.caseId)),
      };
    };

    const page = await (await world.newContext(PHONE)).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-block-member");
    await page.goto(`/cases?scope=${BLOCK}&status=OPEN`);
    const expected = await listed({ scope: BLOCK, status: ["OPEN"] });
    expect(expected.total).toBeGreaterThan(0);
    expect(await pageIds(page)).toEqual(expected);
    expect(await page.getByLabel("辖区编码").inputValue()).toBe(BLOCK);
    expect(await page.getByRole("checkbox", { name: "待受理" }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Adding a status: the URL says so, and the list follows it.
    await page.getByRole("checkbox", { name: "已受理" }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get("status")).toBe("OPEN,ACCEPTED");
    expect(new URL(page.url()).searchParams.get("scope")).toBe(BLOCK);
    const both = await listed({ scope: BLOCK, status: ["OPEN", "ACCEPTED"] });
    await expect.poll(async () => Number(await page.getByTestId("case-total").getAttribute("data-count"))).toBe(both.total);
    expect(await pageIds(page)).toEqual(both);

    // The whole district, as an administrator sees it: more than a page, loaded with "load more".
    const admin = await (await world.newContext(DESKTOP)).newPage();
    await signIn(admin, "demo-admin");
    await admin.goto("/cases?scope=310105");
    const district = await listed({ scope: "310105" }, demoUser("demo-admin"));
    expect(district.total).toBeGreaterThan(20); // a page is 20
    expect(await pageIds(admin)).toEqual(district);

    // A district analyst reads a case without its texts: shown as hidden, neither an error nor an action.
    const analyst = await (await world.newContext(PHONE)).newPage();
    const analystErrors = collectPageErrors(analyst);
    await signIn(analyst, "demo-district-analyst");
    await analyst.goto(`/cases/${expected.ids[0]}`);
    await analyst.getByTestId("case-status").waitFor();
    expect(await analyst.getByText("按您的角色，诉求内容等个人信息不予显示。").count()).toBeGreaterThan(0);
    expect(await analyst.locator("[role=alert]").count()).toBe(0);
    expect(await analyst.locator("form.action").count()).toBe(0);
    expect(await seriousViolations(analyst)).toEqual([]);
    expect(analystErrors).toEqual([]);
    expect(errors).toEqual([]);
  });
});
