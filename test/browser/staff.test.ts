// The staff app on a phone with a bad network: visits logged offline wait in IndexedDB (across a
// reload), go to the API when the network is back (a lost answer resent with the same keys stores
// nothing twice), a refused item shows the API's reason on that item while the others are stored,
// a case is raised from a stored visit in one step, and the app is installable and opens offline.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser } from "../support/users";
import { seriousViolations } from "./accessibility";
import { type BrowserWorld, collectPageErrors, PHONE, signIn, startBrowserWorld } from "./browser";

let world: BrowserWorld;
// What the app does after a tap or a reconnection takes a moment on a busy machine.
const SOON = { timeout: 15_000 };
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

const roomStaff = demoUser("demo-room-staff");
const admin = demoUser("demo-admin");
const community = String(roomStaff.place);
const startedAt = new Date(Date.now() - 60_000).toISOString();

// What Chromium logs for each request it could not send while offline: expected, not a page error.
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|ERR_FAILED/;

interface Household {
  id: string;
  address: string;
}

/** Three households of the room's place, each found by its address alone (so the test can pick it by address). */
async function householdsOfRoom(): Promise<Household[]> {
  const { data, errors } = await world.graph.query(
    `query($code: ID!) { jurisdiction(code: $code) { ... on Community { blocks { code
      households(first: 4) { edges { node { id address } } } } } } }`,
    { code: community },
    roomStaff,
  );
  expect(errors).toBeUndefined();
  const candidates: Household[] = data?.jurisdiction.blocks.flatMap((block: any) =>
    block.households.edges.map((edge: any) => edge.node),
  );
  const unique: Household[] = [];
  for (const household of candidates) {
    const found = await world.graph.query(
      `query($scope: ID!, $text: String!) { householdSearch(scope: $scope, text: $text, first: 5) { edges { node { id } } } }`,
      { scope: community, text: household.address },
      roomStaff,
    );
    if (found.data?.householdSearch.edges.length === 1) unique.push(household);
    if (unique.length === 3) break;
  }
  expect(unique).toHaveLength(3);
  return unique;
}

/** The visits of the room's place logged since the test began whose summary starts with `marker`, as the admin reads them. */
async function visitsMarked(marker: string): Promise<{ id: string; summary: string; followUpNeeded: boolean }[]> {
  const { data, errors } = await world.graph.query(
    `query($filter: VisitFilter) { visits(filter: $filter, first: 100) { edges { node { id summary followUpNeeded } } } }`,
    { filter: { scope: community, occurredFrom: startedAt } },
    admin,
  );
  expect(errors).toBeUndefined();
  return data?.visits.edges.map((edge: any) => edge.node).filter((visit: any) => visit.summary.startsWith(marker));
}

const queued = (page: Page) => page.getByTestId("queued-visit");
const states = (page: Page) => queued(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-state")));

async function openStaffApp(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, "demo-room-staff");
  await page.goto("/staff");
  await page.getByRole("heading", { name: "走访登记", level: 1 }).waitFor();
  // The app shell is kept and the worker controls the page: from now on it opens offline.
  await page.getByTestId("offline-ready").waitFor();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), SOON).toBe(true);
  return { page, errors };
}

async function findHousehold(page: Page, address: string) {
  await page.getByRole("searchbox", { name: "查找住户" }).fill(address);
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await page.getByRole("button", { name: address }).click();
  await expect.poll(() => page.getByTestId("chosen-household").textContent(), SOON).toBe(address);
}

/** Logs a reception through the form, as a person would: a few taps and a summary. */
async function logReception(page: Page, visitor: { address: string } | { walkIn: string; phone: string }, summary: string) {
  await page.getByRole("radio", { name: "来访接待" }).check();
  if ("address" in visitor) {
    await findHousehold(page, visitor.address);
  } else {
    await page.getByRole("radio", { name: "未登记来访人" }).check();
    await page.getByLabel("姓名").fill(visitor.walkIn);
    await page.getByLabel("电话（手机号或带区号的座机）").fill(visitor.phone);
  }
  await page.getByRole("radio", { name: "意见建议" }).check();
  await page.getByLabel("情况摘要（群众反映了什么、做了什么）").fill(summary);
  const before = await queued(page).count();
  await page.getByRole("button", { name: "保存走访" }).click();
  await expect.poll(() => queued(page).count(), SOON).toBe(before + 1);
}

let shared: { page: Page; errors: string[]; marker: string };

describe("logging visits offline on a phone", () => {
  it("queues three visits offline across a reload and stores each exactly once when the network is back", async () => {
    const households = await householdsOfRoom();
    const marker = `Offline ${crypto.randomUUID()}`;
    const context = await world.newContext(PHONE);
    const { page, errors } = await openStaffApp(context);
    shared = { page, errors, marker };
    // The households were looked up here before (online): the phone remembers them for offline searches.
    for (const household of households) {
      await page.getByRole("searchbox", { name: "查找住户" }).fill(household.address);
      await page.getByRole("button", { name: "查找", exact: true }).click();
      await page.getByRole("button", { name: household.address }).waitFor();
    }

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId("network").getAttribute("data-online"), SOON).toBe("false");
    for (const [i, household] of households.entries()) {
      if (i === 0) await page.getByLabel("需要跟进（可能要发起诉求）").check();
      await logReception(page, household, `${marker} #${i}: more benches along the lane`);
    }
    expect(await states(page)).toEqual(["waiting", "waiting", "waiting"]);
    expect(await visitsMarked(marker)).toEqual([]);

    // The phone is closed and opened again without a network: the app and its queue are still there.
    await page.reload();
    await page.getByRole("heading", { name: "走访登记", level: 1 }).waitFor();
    await expect.poll(() => states(page), SOON).toEqual(["waiting", "waiting", "waiting"]);
    const keys = await queued(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-key")));

    // Back online, the first answer is lost on the way back (the API stored the batch): the phone
    // sends the same batch again, with the same keys.
    const sentKeys: string[][] = [];
    let answersLost = 0;
    await page.route("**/graphql", async (route) => {
      const body = route.request().postDataJSON();
      if (!String(body?.query).includes("StaffLogVisits")) return route.continue();
      sentKeys.push(body.variables.inputs.map((input: { idempotencyKey: string }) => input.idempotencyKey));
      if (answersLost++ > 0) return route.continue();
      await route.fetch();
      return route.abort("failed");
    });
    await context.setOffline(false);
    // The person taps "send now" rather than wait for the phone's next try (a reloaded page may not
    // have heard that it was offline, so no "online" event need come).
    await page.getByRole("button", { name: "立即发送" }).click();
    await expect.poll(() => sentKeys.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // The answer was lost, so the items wait again; "send now" once more (unless the phone's own retry
    // got there first and the button is gone).
    await page
      .getByRole("button", { name: "立即发送" })
      .click({ timeout: 2_000 })
      .catch(() => {});
    await expect.poll(() => states(page), { timeout: 30_000 }).toEqual(["stored", "stored", "stored"]);
    await expect.poll(() => page.getByTestId("network").getAttribute("data-online"), SOON).toBe("true");
    await page.unroute("**/graphql");

    expect(sentKeys.length).toBeGreaterThanOrEqual(2);
    for (const sent of sentKeys) expect([...sent].sort()).toEqual([...keys].sort());
    const stored = await visitsMarked(marker);
    expect(stored).toHaveLength(3);
    expect(stored.map((visit) => visit.summary).sort()).toEqual(
      households.map((_, i) => `${marker} #${i}: more benches along the lane`),
    );
    const shownIds = await queued(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-visit-id")));
    expect([...shownIds].sort()).toEqual(stored.map((visit) => visit.id).sort());
    await expect
      .poll(() => page.getByTestId("queue-counts").textContent(), SOON)
      .toBe("等待发送 0 条 · 已保存 3 条 · 被退回 0 条");
    expect(errors.filter((error) => !OFFLINE_NOISE.test(error))).toEqual([]);
  });

  it("shows the API's refusal on the refused item while the others are stored, and sends it again once fixed", async () => {
    const marker = `Refused ${crypto.randomUUID()}`;
    const context = await world.newContext(PHONE);
    const { page, errors } = await openStaffApp(context);
    await context.setOffline(true);
    // The phone's clock runs two hours fast for the first visit: the API refuses it, not the phone.
    await page.clock.setSystemTime(Date.now() + 2 * 3_600_000);
    await logReception(page, { walkIn: "王芳", phone: "13611112222" }, `${marker} fast clock`);
    await page.clock.setSystemTime(Date.now());
    await logReception(page, { walkIn: "李强", phone: "021-62345678" }, `${marker} right clock`);
    expect(await states(page)).toEqual(["waiting", "waiting"]);

    await context.setOffline(false);
    await expect.poll(async () => (await states(page)).sort(), SOON).toEqual(["refused", "stored"]);
    const refused = page.locator('[data-testid="queued-visit"][data-state="refused"]');
    const problem = refused.getByTestId("queue-problem");
    expect(await problem.textContent()).toContain("问题所在：发生时间");
    expect(await problem.textContent()).toMatch(/occurredAt is in the future/);
    expect(await page.locator('[data-state="stored"]').getByTestId("queue-problem").count()).toBe(0);
    expect((await visitsMarked(marker)).map((visit) => visit.summary)).toEqual([`${marker} right clock`]);

    // Fixed (the time set right) and sent again under a new key: stored, and the refused item is gone.
    await refused.getByRole("button", { name: "修改" }).click();
    await expect.poll(() => page.locator("#occurredAt-error").textContent(), SOON).toMatch(/future/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("刚刚发生（使用当前时间）").check();
    await page.getByRole("button", { name: "重新提交" }).click();
    await expect.poll(() => states(page), SOON).toEqual(["stored", "stored"]);
    expect((await visitsMarked(marker)).map((visit) => visit.summary).sort()).toEqual([
      `${marker} fast clock`,
      `${marker} right clock`,
    ]);
    expect(errors.filter((error) => !OFFLINE_NOISE.test(error))).toEqual([]);
  });

  it("raises a case from a stored visit in one step, which leaves the list waiting for follow-up", async () => {
    const { page, errors, marker } = shared;
    const [visit] = (await visitsMarked(marker)).filter((candidate) => candidate.followUpNeeded);
    expect(visit).toBeDefined();
    const item = page.locator(`[data-visit-id="${visit!.id}"]`);
    await item.getByRole("button", { name: "从此走访发起诉求" }).click();
    await item.getByLabel("诉求类别").selectOption("HOUSING");
    await item.getByRole("button", { name: "确认发起" }).click();
    const caseLink = item.getByTestId("raised-case");
    await caseLink.waitFor();
    const caseId = (await caseLink.getAttribute("href"))!.replace("/cases/", "");

    const { data, errors: apiErrors } = await world.graph.query(
      `query($id: ID!) { case(id: $id) { id category status originVisit { id followedUp summary } } }`,
      { id: caseId },
      admin,
    );
    expect(apiErrors).toBeUndefined();
    expect(data?.case).toEqual({
      id: caseId,
      category: "HOUSING",
      status: "OPEN",
      originVisit: { id: visit!.id, followedUp: true, summary: expect.stringContaining(marker) },
    });

    // The dashboard's link: the place's visits still waiting for a case, as the API lists them.
    await page.goto(`/staff/visits?place=${community}&view=waiting`);
    await page.getByRole("heading", { name: "走访记录", level: 1 }).waitFor();
    const waiting = await world.graph.query(
      `query($scope: ID!) { visits(filter: { scope: $scope, followUpNeeded: true, followedUp: false }, first: 30) {
        edges { node { id } } } }`,
      { scope: community },
      roomStaff,
    );
    const waitingIds = waiting.data?.visits.edges.map((edge: any) => edge.node.id);
    await expect
      .poll(() => page.getByTestId("visit").evaluateAll((items) => items.map((item) => item.getAttribute("data-visit-id"))))
      .toEqual(waitingIds);
    expect(waitingIds).not.toContain(visit!.id);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors.filter((error) => !OFFLINE_NOISE.test(error))).toEqual([]);
  });
});

describe("installing the staff app", () => {
  it("names the worker's cache after the build, and drops an earlier build's cache with its bundles", async () => {
    const context = await world.newContext(PHONE);
    // An earlier build's cache, as a phone that opened that build keeps it.
    const before = await context.newPage();
    await before.goto("/");
    await before.evaluate(async () => {
      const earlier = await caches.open("grassroots-shell-v1");
      await earlier.put("/assets/index-earlierbuild.js", new Response("console.log('an earlier build')"));
    });
    await before.close();

    const { page, errors } = await openStaffApp(context);
    const script = await (await page.request.get("/sw.js")).text();
    const name = /const SHELL_CACHE = "([^"]+)";/.exec(script)?.[1];
    expect(name).toMatch(/^grassroots-shell-[0-9a-f]{12}$/);
    expect(await page.evaluate(() => caches.keys())).toEqual([name]);
    // This build's shell is kept under the new name: the page and its bundles.
    const kept = await page.evaluate(async (cacheName) => {
      const cache = await caches.open(cacheName);
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    }, name!);
    expect(kept).toContain("/");
    expect(kept.some((path) => path.startsWith("/assets/"))).toBe(true);
    expect(kept).not.toContain("/assets/index-earlierbuild.js");
    expect(errors).toEqual([]);
  });

  it("serves a valid manifest and registers the service worker, with no serious accessibility violation", async () => {
    const context = await world.newContext(PHONE);
    const { page, errors } = await openStaffApp(context);
    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    const manifest = JSON.parse(await response.text());
    expect(manifest).toMatchObject({ start_url: "/staff", display: "standalone", theme_color: "#b91c1c" });
    expect(manifest.name).toBe("基层治理协同");
    expect(manifest.icons.length).toBeGreaterThanOrEqual(1);
    for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);

    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { script: registration.active?.scriptURL, scope: registration.scope };
    });
    expect(new URL(worker.script!).pathname).toBe("/sw.js");
    expect(new URL(worker.scope).pathname).toBe("/");
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
