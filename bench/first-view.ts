// A page's first view as the browser itself saw it: when the element that shows the view first
// appeared (the page's own clock, from navigation start), and the bytes of the pages' own files
// (the document and /assets/*, compressed as they crossed the wire) that were asked for before it.
// What was asked for after it (the dashboard's charts, loaded once the table shows) counts apart.
// Used by `npm run bench:web` and by the browser tests' bundle budget.
import type { BrowserContext, Page } from "playwright-core";

/** Records, from the page's first script on, when `selector` first matches (window.__firstViewShownAt). */
export async function watchFirstView(context: BrowserContext, selector: string): Promise<void> {
  await context.addInitScript(`(() => {
    const check = () => {
      if (!window.__firstViewShownAt && document.querySelector(${JSON.stringify(selector)})) {
        window.__firstViewShownAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  })()`);
}

export interface FirstView {
  /** Milliseconds from navigation start to the view shown. */
  ms: number;
  /** The own files asked for before it showed, compressed. */
  bytes: number;
  /** With those asked for after it, until the network went quiet. */
  bytesWithLater: number;
  files: string[];
}

/** Waits for the view and the network's quiet, then reads the page's resource timings. */
export async function measureFirstView(page: Page, selector: string): Promise<FirstView> {
  await page.locator(selector).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  return page.evaluate(`(() => {
    const shownAt = window.__firstViewShownAt;
    const navigation = performance.getEntriesByType("navigation")[0];
    const assets = performance
      .getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).origin === location.origin && new URL(entry.name).pathname.startsWith("/assets/"));
    const before = assets.filter((entry) => entry.startTime < shownAt);
    const sum = (entries) => entries.reduce((total, entry) => total + entry.encodedBodySize, 0);
    return {
      ms: Math.round(shownAt),
      bytes: navigation.encodedBodySize + sum(before),
      bytesWithLater: navigation.encodedBodySize + sum(assets),
      files: before.map((entry) => new URL(entry.name).pathname),
    };
  })()`);
}
