// Screenshots of each web app's main page at phone and desktop width, for the README and docs/web.md.
// Takes them from a running `npm start` (the demo district, development sign-in), with Debian's
// Chromium (CHROMIUM_PATH to use another):
//   npm start            (in another terminal)
//   npm run screenshots  [-- --url http://127.0.0.1:4000]
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../bench/chromium";

const base = process.argv.includes("--url") ? process.argv[process.argv.indexOf("--url") + 1]! : "http://127.0.0.1:4000";
const out = join(import.meta.dirname, "..", "docs", "screenshots");
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } };

/** Each app's main page: who signs in, where they go, what to wait for. */
const PAGES: { name: string; user: string; path: (page: Page) => Promise<string>; ready: string }[] = [
  { name: "dashboard", user: "demo-district-analyst", path: async () => "/dashboard", ready: "table" },
  { name: "cases", user: "demo-block-member", path: async () => "/cases", ready: "table, ul" },
  {
    name: "case",
    user: "demo-block-member",
    path: async (page) => {
      await page.goto(`${base}/cases?status=OPEN`);
      const link = page.locator("main a[href^='/cases/']").first();
      await link.waitFor();
      return (await link.getAttribute("href"))!;
    },
    ready: "h1",
  },
  { name: "staff", user: "demo-room-staff", path: async () => "/staff", ready: "form" },
  { name: "partner", user: "demo-partner", path: async () => "/partner/pairings", ready: "h1" },
  { name: "inbox", user: "demo-street-officer", path: async () => "/inbox", ready: ".inbox li" },
];

const browser = await launchChromium();
mkdirSync(out, { recursive: true });
try {
  for (const [widthName, viewport] of Object.entries(WIDTHS)) {
    const signInContext = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const signInPage = await signInContext.newPage();
    await signInPage.goto(base);
    await signInPage.locator("button.account").first().waitFor();
    await signInPage.screenshot({ path: join(out, `sign-in-${widthName}.png`) });
    await signInContext.close();
    for (const shot of PAGES) {
      const context = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
      const page = await context.newPage();
      await page.goto(base);
      await page.locator("button.account", { hasText: shot.user }).click();
      await page.locator("header nav").waitFor();
      await page.goto(`${base}${await shot.path(page)}`);
      await page.locator(`main ${shot.ready}`).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: join(out, `${shot.name}-${widthName}.png`), fullPage: widthName !== "phone" });
      console.log(`docs/screenshots/${shot.name}-${widthName}.png`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
