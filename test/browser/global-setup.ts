// Builds the web apps once before the browser tests, into a directory of this run's own (a couple of
// seconds), which the tests' gateways serve: a build running elsewhere on the machine cannot change
// the pages under a test.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    webDir: string;
  }
}

export default function buildWebApps(project: TestProject) {
  const web = fileURLToPath(new URL("../../web", import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), "grassroots-web-"));
  execFileSync("npx", ["vite", "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    // The production build, as npm start serves it (vitest sets NODE_ENV=test, which would make a development one).
    env: { ...process.env, NODE_ENV: "production" },
    cwd: web,
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("webDir", outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
