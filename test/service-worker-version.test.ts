// The staff app's service worker cache is named after the build (web/service-worker-version.ts), so a
// deploy's new worker deletes the previous build's cache; test/browser/staff.test.ts drives it in Chromium.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SOURCE_CACHE_NAME, shellCacheName, versionServiceWorker } from "../web/service-worker-version";

const BUILD = ["index.html", "assets/index-Bx1.js", "assets/staff-C9a.js", "assets/index-D4e.css", "sw.js"];

describe("the service worker's cache name", () => {
  it("is the same for the same files in any order, and another for a build with any file changed", () => {
    expect(shellCacheName(BUILD)).toMatch(/^grassroots-shell-[0-9a-f]{12}$/);
    expect(shellCacheName([...BUILD].reverse())).toBe(shellCacheName(BUILD));
    expect(shellCacheName(BUILD.map((name) => name.replace("staff-C9a", "staff-Q7z")))).not.toBe(shellCacheName(BUILD));
  });

  it("replaces the sources' name in sw.js and nothing else", () => {
    const source = readFileSync(new URL("../web/public/sw.js", import.meta.url), "utf8");
    expect(source).toContain(SOURCE_CACHE_NAME);
    const built = versionServiceWorker(source, "grassroots-shell-0123456789ab");
    expect(built).toBe(source.replace(SOURCE_CACHE_NAME, 'const SHELL_CACHE = "grassroots-shell-0123456789ab";'));
    expect(built).not.toContain("grassroots-shell-v1");
  });

  it("fails the build when sw.js no longer names its cache as expected", () => {
    expect(() => versionServiceWorker('const SHELL_CACHE = "shell";', "grassroots-shell-0123456789ab")).toThrow(
      /no longer contains/,
    );
  });
});
