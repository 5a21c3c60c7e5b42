// The service worker's cache is named after the build: each build's sw.js then differs from the last,
// so a phone that opens the app after a deploy installs the new worker, whose activation deletes the
// previous build's cache (public/sw.js, "activate") with the bundles only that build used. Named
// "v1" for ever, the cache kept every bundle of every build a phone had opened, and never shrank.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Plugin } from "vite";

/** The line of public/sw.js that names the cache, as written in the sources. */
export const SOURCE_CACHE_NAME = 'const SHELL_CACHE = "grassroots-shell-v1";';

/** A build's cache name: the same files (their names carry their contents' hashes) give the same name. */
export function shellCacheName(fileNames: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...fileNames].sort().join("\n"))
    .digest("hex");
  return `grassroots-shell-${digest.slice(0, 12)}`;
}

/** sw.js with the cache named after the build; a source that no longer names it as expected fails the build. */
export function versionServiceWorker(source: string, cacheName: string): string {
  if (!source.includes(SOURCE_CACHE_NAME)) {
    throw new Error(`public/sw.js no longer contains ${SOURCE_CACHE_NAME}: its cache would not be named after the build.`);
  }
  return source.replace(SOURCE_CACHE_NAME, `const SHELL_CACHE = "${cacheName}";`);
}

/** Vite plugin: after a build has written its files (public/ copied among them), names sw.js's cache after them. */
export function serviceWorkerVersion(): Plugin {
  let outDir = "dist";
  const fileNames: string[] = [];
  return {
    name: "grassroots-service-worker-version",
    apply: "build",
    configResolved(config) {
      outDir = isAbsolute(config.build.outDir) ? config.build.outDir : join(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      fileNames.push(...Object.keys(bundle));
    },
    closeBundle() {
      const path = join(outDir, "sw.js");
      writeFileSync(path, versionServiceWorker(readFileSync(path, "utf8"), shellCacheName(fileNames)));
    },
  };
}
