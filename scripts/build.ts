// `npm run build`: compiles each process (the gateway, the four subgraphs) and the operator scripts
// to plain JavaScript that `node` runs without tsx: <workspace>/dist/main.js and scripts/dist/*.js,
// and the web apps (web/dist), which the gateway serves.
// esbuild bundles each entry with the workspace packages it imports (packages/*, whose sources are
// TypeScript) and each subgraph's generated Prisma client; every other package stays an import
// from node_modules (npm ci installs them; Prisma's query compiler comes from @prisma/client there).
// Files found next to the sources (migrations, the supergraph, calendar data) are found from the
// output as from the sources: import.meta.url is rewritten to the source file's place.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { SUBGRAPHS } from "@grassroots/services";
import { build, type Plugin } from "esbuild";

const root = join(import.meta.dirname, "..");

/** Entry (from the root) → output file (from the root). */
const ENTRIES: [string, string][] = [
  ["gateway/src/main.ts", "gateway/dist/main.js"],
  // The heavy lane's thread (gateway/src/heavy-lane.ts), which main.js starts from beside itself.
  ["gateway/src/heavy-lane-worker.ts", "gateway/dist/heavy-lane-worker.js"],
  ...SUBGRAPHS.map((name): [string, string] => [`subgraphs/${name}/src/main.ts`, `subgraphs/${name}/dist/main.js`]),
  ...["start", "sweep", "seed", "calendar", "rollups", "token"].map((name): [string, string] => [
    `scripts/${name}.ts`,
    `scripts/dist/${name}.js`,
  ]),
];

/** Bare imports stay imports, except our own workspaces (TypeScript sources), which are bundled. */
const externalPackages: Plugin = {
  name: "external-packages",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@grassroots/") || args.path.startsWith("node:") ? undefined : { path: args.path, external: true },
    );
  },
};

/** import.meta.url / dirname / filename of each bundled source, as seen from the output file. */
function sourceLocations(outfile: string): Plugin {
  return {
    name: "source-locations",
    setup(context) {
      context.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta.") || args.path.includes("/node_modules/")) return { contents: source, loader: "ts" };
        const fromOutput = JSON.stringify(relative(dirname(outfile), args.path));
        const url = `new URL(${fromOutput}, import.meta.url)`;
        const contents = source
          .replaceAll("import.meta.url", `${url}.href`)
          .replaceAll("import.meta.dirname", `__sourceDirname(${url})`)
          .replaceAll("import.meta.filename", `__sourceFilename(${url})`);
        return { contents, loader: "ts" };
      });
    },
  };
}

// The helpers sourceLocations' rewrites call.
const banner = `import { dirname as __dirnameOf } from "node:path";
import { fileURLToPath as __fileURLToPath } from "node:url";
const __sourceFilename = (url) => __fileURLToPath(url);
const __sourceDirname = (url) => __dirnameOf(__fileURLToPath(url));`;

for (const folder of new Set(ENTRIES.map(([, outfile]) => dirname(outfile))))
  rmSync(join(root, folder), { recursive: true, force: true });
const started = Date.now();
await Promise.all(
  ENTRIES.map(([entry, outfile]) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: true,
      logLevel: "warning",
      banner: { js: banner },
      plugins: [externalPackages, sourceLocations(join(root, outfile))],
    }),
  ),
);
// The web apps the gateway serves at / (Vite, into web/dist).
execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: join(root, "web"), stdio: "inherit" });
console.log(`Built ${ENTRIES.length} entries and the web apps in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
for (const [, outfile] of ENTRIES) console.log(`  ${outfile}`);
console.log("  web/dist/");
