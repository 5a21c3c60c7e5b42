// `npm run bench:web`: the web apps' first views as a person meets them, against the processes
// `npm start` runs (the four subgraphs and the gateway, each its own Node process, on a fresh
// embedded database with the demo district), in Debian's Chromium (CHROMIUM_PATH for another).
// Each view starts from a fresh browser profile (nothing cached), signed in; it is timed by the
// page's own clock from navigation start to its figures or form shown, and its bytes are the pages'
// own files (gzipped as served) asked for before it showed (bench/first-view.ts); what loads after
// it (the dashboard's charts) is counted apart. Prints a markdown section for bench/RESULTS.md.
//   npm run bench:web [-- --runs 7]      BENCH_WEB_PORT (default 4600) and the next four
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "../scripts/stack";
import { launchChromium } from "./chromium";
import { measureFirstView, watchFirstView } from "./first-view";

const args = process.argv.slice(2);
const RUNS = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 7;
const port = Number(process.env.BENCH_WEB_PORT ?? 4600);
const base = `http://127.0.0.1:${port}`;
const root = join(import.meta.dirname, "..");

/** Each app's main page: who opens it, at what width, and what shows when it has come. */
const VIEWS = [
  {
    name: "District dashboard",
    user: "demo-district-analyst",
    path: "/dashboard",
    ready: 'section.dashboard[aria-busy="false"] [data-testid="summary"]',
    viewport: { width: 1366, height: 900 },
  },
  {
    name: "Cases list",
    user: "demo-block-member",
    path: "/cases",
    ready: "main table, main .case-list",
    viewport: { width: 1366, height: 900 },
  },
  { name: "Staff app", user: "demo-room-staff", path: "/staff", ready: "main form", viewport: { width: 390, height: 844 } },
  { name: "Partner portal", user: "demo-partner", path: "/partner", ready: "main h1", viewport: { width: 390, height: 844 } },
];

const dataDir = mkdtempSync(join(tmpdir(), "grassroots-bench-web-"));
const stack = new Stack({
  env: {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("SUBGRAPH_URL_") && !name.startsWith("DATABASE_URL_")),
    ),
    GATEWAY_PORT: String(port),
    DATA_DIR: dataDir,
    SEED: "demo",
    SEED_SCALE: "demo",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    GATEWAY_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
  log: () => {},
  killAfterMs: 15_000,
});

async function tokenOf(user: string): Promise<string> {
  const response = await fetch(`${base}/dev/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user }),
  });
  return ((await response.json()) as { token: string }).token;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kB = (bytes: number) => (bytes / 1024).toFixed(1);

async function main() {
  console.error("Building the web apps, then starting the stack on the demo district (a fresh embedded database)…");
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: join(root, "web"), stdio: "inherit" });
  const startedAt = Date.now();
  if (!(await stack.start())) throw new Error("The stack did not start.");
  console.error(`Up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  const browser = await launchChromium();
  const rows: string[] = [];
  try {
    for (const view of VIEWS) {
      const token = await tokenOf(view.user);
      const times: number[] = [];
      let firstViewBytes = 0;
      let allBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: view.viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
        await context.addInitScript(`sessionStorage.setItem("grassroots.token", ${JSON.stringify(token)})`);
        await watchFirstView(context, view.ready);
        const page = await context.newPage();
        await page.goto(`${base}${view.path}`);
        const measured = await measureFirstView(page, view.ready);
        times.push(measured.ms);
        firstViewBytes = measured.bytes;
        allBytes = measured.bytesWithLater;
        await context.close();
      }
      rows.push(
        `| ${view.name} (\`${view.user}\`, ${view.viewport.width} px) | ${times.join(", ")} | **${median(times)}** | **${kB(firstViewBytes)}** | ${kB(allBytes)} |`,
      );
      console.error(`${view.name}: median ${median(times)} ms, ${kB(firstViewBytes)} kB`);
    }
  } finally {
    await browser.close();
  }
  console.log(`## ${new Date().toISOString().slice(0, 10)} — the web apps' first views (\`npm run bench:web\`), demo scale

${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadavg()[0]!.toFixed(1)} at the end; Chromium from Debian's
packages, headless; \`npm start\`'s processes on a fresh embedded database with the demo district; ${RUNS} views of each
page, each from a fresh browser profile (nothing cached), timed by the page's own clock from navigation start to its
figures or form shown; bytes are the pages' own files asked for before it showed, compressed as served.

| first view | each view, ms | median ms | own files before it showed, kB gzipped | with what loads after it, kB |
|---|---|---|---|---|
${rows.join("\n")}
`);
}

try {
  await main();
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
