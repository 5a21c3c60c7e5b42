// The district dashboard: the analyst walks the tree from the district to a block and every figure
// the page shows is the API's own for that place; a street officer stays in their street; figures
// lead to the lists behind them; the period changes the case figures. (How quickly the first view
// shows is measured by `npm run bench:web`, against npm start's processes.)
import type { TestClaims } from "@grassroots/platform/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoUser, demoUser } from "../support/users";
import { seriousViolations } from "./accessibility";
import { type BrowserWorld, collectPageErrors, PHONE, signIn, startBrowserWorld } from "./browser";

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld();
});
afterAll(() => world?.close());

const ANALYST = demoUser("demo-district-analyst");
const OFFICER = demoUser("demo-street-officer");

interface Figures {
  code: string;
  name: string;
  householdCount: number;
  visitCoverage: { rate: number; targetMet: boolean };
  caseStats: { raised: number; open: number; overdue: number };
}

const FIELDS = `code name householdCount visitCoverage(asOf: $asOf) { rate targetMet } caseStats(period: $period) { raised open overdue }`;
const PLACE = `query($code: ID!, $period: PeriodInput, $asOf: Date) { jurisdiction(code: $code) { code name
  ... on District { ${FIELDS} streets { ${FIELDS} } }
  ... on Street { ${FIELDS} communities { ${FIELDS} } }
  ... on Community { ${FIELDS} blocks { ${FIELDS} } }
  ... on Block { ${FIELDS} team { name } } } }`;

/** What the API answers for a place and its children, asked as the page's person. */
async function apiPlace(code: string, as: TestClaims, period?: { from?: string; to?: string }, asOf?: string) {
  const { data, errors } = await world.graph.query(PLACE, { code, period, asOf }, as);
  expect(errors).toBeUndefined();
  const place = data?.jurisdiction;
  const children: Figures[] = place.streets ?? place.communities ?? place.blocks ?? [];
  return { place: place as Figures & { team?: { name: string }[] }, children };
}

/** A rendered number as a number: "1,234" → 1234, "85.3%" → 85.3 (words beside it ignored). */
const parse = (text: string | null) => Number((text ?? "").replace(/[^\d.-]/g, ""));
const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** The figures the page shows in one container: the summary cards or one child's row. */
async function shownFigures(page: Page, container: string) {
  const figure = (name: string) => page.locator(`${container} [data-figure="${name}"]`).first();
  const coverageCell = page
    .locator(`${container} [data-figure="visitCoverage"]`)
    .first()
    .locator("xpath=ancestor::*[self::td or self::li][1]");
  return {
    householdCount: parse(await figure("householdCount").textContent()),
    visitCoverage: parse(await figure("visitCoverage").textContent()),
    coverageClass: await coverageCell.getAttribute("class"),
    open: parse(await figure("open").textContent()),
    overdue: parse(await figure("overdue").textContent()),
    raised: parse(await figure("raised").textContent()),
  };
}

const expectedFigures = (place: Figures) => ({
  householdCount: place.householdCount,
  visitCoverage: percent(place.visitCoverage.rate),
  coverageClass: expect.stringContaining(place.visitCoverage.targetMet ? "meet" : "miss"),
  open: place.caseStats.open,
  overdue: place.caseStats.overdue,
  raised: place.caseStats.raised,
});

/** Waits until the page shows this place's answer (not a previous place's, not loading). */
async function shownPlace(page: Page, code: string) {
  await page.locator(`section.dashboard[data-place="${code}"][aria-busy="false"] [data-testid="summary"]`).waitFor();
}

/** Checks the summary and every child row against the API, as this person. */
async function expectPageMatchesApi(page: Page, code: string, as: TestClaims) {
  await shownPlace(page, code);
  const { place, children } = await apiPlace(code, as);
  expect(await page.locator("h1").textContent()).toContain(place.name);
  expect(await page.locator("[role=alert]").count()).toBe(0);
  expect(await shownFigures(page, '[data-testid="summary"]')).toEqual(expectedFigures(place));
  expect(await page.locator("[data-testid=children] tbody tr").count()).toBe(children.length);
  for (const child of children) {
    expect(await page.locator(`tr[data-code="${child.code}"] th a`).textContent()).toBe(child.name);
    expect(await shownFigures(page, `tr[data-code="${child.code}"]`), child.code).toEqual(expectedFigures(child));
  }
  return { place, children };
}

/** The month starts of Asia/Shanghai as the page computes them (UTC+8). */
const monthStart = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1) - 8 * 3600_000).toISOString();
const shanghaiNow = () => new Date(Date.now() + 8 * 3600_000);
const shanghaiYear = () => shanghaiNow().getUTCFullYear();
/** YYYY-MM of a month (index from 0, may overflow). */
const monthText = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 7);

describe("district dashboard", () => {
  it("lets the analyst drill district → street → community → block, each level showing the API's figures", async () => {
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-district-analyst");
    expect(new URL(page.url()).pathname).toBe("/dashboard");

    let { children } = await expectPageMatchesApi(page, "310105", ANALYST);
    await page.locator(".chart svg").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const trail = ["310105"];
    for (const level of ["street", "community", "block"]) {
      const next = children[children.length - 1]!; // the last child, so the way down is not always the first row
      await page.locator(`tr[data-code="${next.code}"] th a`).click();
      await page.waitForURL(`**/dashboard/place/${next.code}`);
      ({ children } = await expectPageMatchesApi(page, next.code, ANALYST));
      // The breadcrumb leads back up through every place above.
      expect(await page.locator("nav.breadcrumb li a").count(), level).toBe(trail.length);
      trail.push(next.code);
    }

    // A block: no children, its team as the API gives it, and a clean page.
    const block = await apiPlace(trail.at(-1)!, ANALYST);
    expect(await page.locator("[data-testid=children]").count()).toBe(0);
    const teamShown = await page.locator("[data-testid=team] tbody td:first-child").allTextContents();
    expect(teamShown.sort()).toEqual(block.place.team!.map((member) => member.name).sort());
    await page.locator(".chart svg").first().waitFor();
    expect(await page.locator("[role=alert]").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Back up by the breadcrumb to the district.
    await page.locator("nav.breadcrumb li a").first().click();
    await shownPlace(page, "310105");
    expect(await page.locator("[role=alert]").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("keeps a street officer in their street: another street is the API's refusal in words", async () => {
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-street-officer");
    await page.goto("/dashboard");
    await expectPageMatchesApi(page, String(OFFICER.scope), OFFICER);

    const other = "310105002";
    const refused = await world.graph.query(`{ jurisdiction(code: "${other}") { code } }`, {}, OFFICER);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await page.goto(`/dashboard/place/${other}`);
    await expect.poll(() => page.locator("[role=alert]").textContent()).toContain("您无权查看或办理此项");
    expect(await page.locator("[data-testid=summary]").count()).toBe(0);
    expect(await page.getByRole("link", { name: "回到我的看板" }).count()).toBe(1);
    expect(errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
  });

  it.each<[DemoUser, string]>([
    ["demo-admin", "310105"],
    ["demo-department-officer", "310105"],
    ["demo-block-member", "310105001001001"],
  ])("starts %s at their place (%s) with the API's figures and no error", async (user, code) => {
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, user);
    await page.goto("/dashboard");
    await expectPageMatchesApi(page, code, demoUser(user));
    await page.locator(".chart svg").first().waitFor();
    expect(await page.locator("[role=alert]").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("leads from an open-cases figure to the cases list behind it", async () => {
    const page = await (await world.newContext()).newPage();
    await signIn(page, "demo-district-analyst");
    await shownPlace(page, "310105");
    await page.locator('[data-testid=summary] [data-figure="open"] a').click();
    await page.waitForURL("**/cases?**");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/cases");
    expect(Object.fromEntries(url.searchParams)).toEqual({ scope: "310105", status: "OPEN,ACCEPTED" });

    await page.goto("/dashboard?period=lastYear");
    await shownPlace(page, "310105");
    const street = (await apiPlace("310105", ANALYST)).children[0]!;
    await page.locator(`tr[data-code="${street.code}"] [data-figure="openAt.block"] a`).click();
    await page.waitForURL("**/cases?**");
    const year = shanghaiYear();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      scope: street.code,
      status: "OPEN,ACCEPTED",
      tier: "BLOCK",
      raisedFrom: monthStart(year - 1, 0),
      raisedBefore: monthStart(year, 0),
    });
  });

  it("shows the figures of the chosen period and coverage day, kept in the URL", async () => {
    const page = await (await world.newContext()).newPage();
    const errors = collectPageErrors(page);
    await signIn(page, "demo-district-analyst");
    await shownPlace(page, "310105");
    const year = shanghaiYear();
    const month = shanghaiNow().getUTCMonth();

    /** Waits for the URL, then checks the summary and the first row against the API for that period and day. */
    const expectShown = async (search: string, period?: { from?: string; to?: string }, asOf?: string) => {
      await page.waitForURL((url) => url.pathname === "/dashboard" && url.search === search);
      const { place, children } = await apiPlace("310105", ANALYST, period, asOf);
      await expect
        .poll(async () => {
          await shownPlace(page, "310105");
          return shownFigures(page, '[data-testid="summary"]');
        })
        .toEqual(expectedFigures(place));
      const first = children[0]!;
      expect(await shownFigures(page, `tr[data-code="${first.code}"]`)).toEqual(expectedFigures(first));
      return place;
    };

    const raised = new Set<number>();
    await page.getByTestId("period").selectOption("thisYear");
    raised.add((await expectShown("?period=thisYear", { from: monthStart(year, 0) })).caseStats.raised);
    await page.getByTestId("period").selectOption("lastYear");
    raised.add(
      (await expectShown("?period=lastYear", { from: monthStart(year - 1, 0), to: monthStart(year, 0) })).caseStats.raised,
    );
    // A range of months: the last twelve by default, then from this month only.
    await page.getByTestId("period").selectOption("months");
    const [from, to] = [monthText(year, month - 11), monthText(year, month)];
    await expectShown(`?period=months&from=${from}&to=${to}`, {
      from: monthStart(year, month - 11),
      to: monthStart(year, month + 1),
    });
    await page.getByLabel("起始月份").fill(to);
    await expectShown(`?period=months&from=${to}&to=${to}`, { from: monthStart(year, month), to: monthStart(year, month + 1) });
    await page.getByTestId("period").selectOption("all");
    raised.add((await expectShown("")).caseStats.raised);
    // The periods really differ, so the page changed with them.
    expect(raised.size).toBeGreaterThan(1);

    // Coverage as of a day a year ago.
    const yearAgo = new Date(Date.now() + 8 * 3600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("覆盖率截至日期").fill(yearAgo);
    await expectShown(`?asOf=${yearAgo}`, undefined, yearAgo);

    // A link keeps the choice: a fresh load of the URL shows it again.
    await page.goto("/dashboard?period=lastYear");
    await shownPlace(page, "310105");
    expect(await page.getByTestId("period").inputValue()).toBe("lastYear");
    expect(errors).toEqual([]);
  });

  it("fits a phone: the table scrolls inside its frame and nothing overflows the page", async () => {
    const page = await (await world.newContext(PHONE)).newPage();
    await signIn(page, "demo-district-analyst");
    await shownPlace(page, "310105");
    await page.locator(".chart svg").first().waitFor();
    // Written as a string: the tests' TypeScript has no DOM types.
    const widths = (await page.evaluate(`({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      frame: document.querySelector(".table-wrap").scrollWidth,
      frameBox: document.querySelector(".table-wrap").clientWidth,
    })`)) as { page: number; viewport: number; frame: number; frameBox: number };
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.frame).toBeGreaterThan(widths.frameBox);
  });
});
