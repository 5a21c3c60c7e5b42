// The browser tests' harness: the real graph (test/harness.ts) with the built web apps served by
// its gateway, and Chromium from Debian's packages driven by playwright-core. `.ci/run` installs
// Chromium when it is missing; CHROMIUM_PATH points elsewhere. The pages are built once per run
// (test/browser/global-setup.ts) into a directory of the run's own.
import { existsSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM_PATH, launchChromium } from "../../bench/chromium";
import { type RunningGraph, startGraph } from "../harness";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

export interface BrowserWorld {
  graph: RunningGraph;
  browser: Browser;
  /** A fresh browser profile (its own storage, its own IndexedDB) at this viewport. */
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startBrowserWorld(options: Parameters<typeof startGraph>[0] = {}): Promise<BrowserWorld> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH.`);
  }
  const [graph, browser] = await Promise.all([startGraph({ ...options, webDir: inject("webDir") }), launchChromium()]);
  const contexts: BrowserContext[] = [];
  return {
    graph,
    browser,
    newContext: async (viewport = DESKTOP) => {
      const context = await browser.newContext({
        baseURL: graph.url.replace(/\/graphql$/, ""),
        viewport,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      });
      contexts.push(context);
      return context;
    },
    close: async () => {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await graph.close();
    },
  };
}

/** Signs in on the development page as one of the demo accounts (by its sub), and waits for the app. */
export async function signIn(page: Page, user: string): Promise<void> {
  await page.goto("/");
  await page.locator("button.account", { hasText: user }).click();
  await page.locator("header nav").waitFor();
}

/** Signs in as a new person without a role. */
export async function signInAsPerson(page: Page, name: string): Promise<void> {
  await page.goto("/");
  await page.locator("form input").fill(name);
  await page.locator("form button[type=submit]").click();
  await page.locator("header .who").waitFor();
}

/** Every browser error a page logged: a test fails on one it did not expect. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}
