// What a person waits for and downloads on first opening each app, at the demo district's size
// (`npm start`'s: 60 blocks, 12,000 households, three years of history): the dashboard's first view
// under 1.5 s, and each app's own files for its first view under 300 kB gzipped. Each view starts
// from a fresh browser profile (nothing cached). The first view is what crossed the wire before it
// showed; what loads after it (the dashboard's charts, below the table) is counted and printed
// apart. The figures are printed for bench/RESULTS.md.
import { SCALES } from "@grassroots/demo-district";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserWorld, DESKTOP, PHONE, signIn, startBrowserWorld } from "./browser";

const FIRST_VIEW_BUDGET_MS = 1500;
const FIRST_VIEW_BUDGET_BYTES = 300 * 1024;

let world: BrowserWorld;
beforeAll(async () => {
  world = await startBrowserWorld({ scale: SCALES.demo });
}, 300_000);
afterAll(() => world?.close());

/** The bytes of the pages' own files (HTML, JS, CSS; not the API's answers) as they crossed the wire. */
function countOwnFiles(page: Page) {
  const sizes: Promise<{ url: string; bytes: number }>[] = [];
  page.on("requestfinished", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/graphql" || !["document", "script", "stylesheet"].includes(request.resourceType())) return;
    sizes.push(request.sizes().then((size) => ({ url: url.pathname, bytes: size.responseBodySize })));
  });
  /** The files finished so far (their sizes may still be arriving). */
  return () => {
    const finished = [...sizes];
    return async () => {
      const files = await Promise.all(finished);
      return { files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
    };
  };
}

/** Signs in (on a fresh profile), then times opening `path` until `ready` shows. */
async function firstView(user: string, path: string, ready: string, viewport = DESKTOP) {
  const page = await (await world.newContext(viewport)).newPage();
  await signIn(page, user);
  // A fresh profile again for the view itself, with the token the sign-in left: nothing cached.
  const token = await page.evaluate(`sessionStorage.getItem("grassroots.token")`);
  const context = await world.newContext(viewport);
  await context.addInitScript(`sessionStorage.setItem("grassroots.token", ${JSON.stringify(token)})`);
  const fresh = await context.newPage();
  const ownFiles = countOwnFiles(fresh);
  const started = performance.now();
  await fresh.goto(path);
  await fresh.locator(ready).first().waitFor({ timeout: 30_000 });
  const ms = performance.now() - started;
  const firstViewFiles = ownFiles();
  await fresh.waitForLoadState("networkidle");
  const afterwards = await ownFiles()();
  return { ms, ...(await firstViewFiles()), bytesWithLater: afterwards.bytes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("first views at the demo district's size", () => {
  it(`shows the analyst's district dashboard in under ${FIRST_VIEW_BUDGET_MS} ms`, async () => {
    const ready = 'section.dashboard[data-place="310105"][aria-busy="false"] [data-testid="summary"]';
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await firstView("demo-district-analyst", "/dashboard", ready));
    const times = runs.map((run) => Math.round(run.ms));
    console.log(`dashboard first view (demo scale, cold profile): ${times.join(", ")} ms; median ${median(times)} ms`);
    expect(median(times)).toBeLessThan(FIRST_VIEW_BUDGET_MS);
  });

  it.each([
    ["dashboard", "demo-district-analyst", "/dashboard", 'section.dashboard[aria-busy="false"] [data-testid="summary"]', DESKTOP],
    ["cases", "demo-block-member", "/cases", "main h1", DESKTOP],
    ["staff app", "demo-room-staff", "/staff", "main form", PHONE],
    ["partner portal", "demo-partner", "/partner", "main h1", PHONE],
  ])(`the %s's first view downloads under 300 kB of its own files, gzipped`, async (name, user, path, ready, viewport) => {
    const view = await firstView(user, path, ready, viewport);
    const listing = view.files.map((file) => `${file.url} ${(file.bytes / 1024).toFixed(1)} kB`).join(", ");
    console.log(
      `${name} first view: ${(view.bytes / 1024).toFixed(1)} kB gzipped in ${Math.round(view.ms)} ms (${listing}); ` +
        `${(view.bytesWithLater / 1024).toFixed(1)} kB with what loads after it`,
    );
    expect(view.files.some((file) => file.url.endsWith(".js"))).toBe(true);
    expect(view.bytes).toBeLessThan(FIRST_VIEW_BUDGET_BYTES);
  });
});
