// Benchmarks of the graph as a dashboard uses it, printed as a table.
//   npm run bench                      demo size (60 blocks, 12,000 households), PGlite in memory
//   npm run bench -- --scale bench     1,500 blocks, 300,000 households (seeding takes a while)
//   TEST_DATABASE_URL=postgresql://…   the same on PostgreSQL
// Everything runs in this one Node process (gateway, four subgraphs, PGlite), so req/s is a floor:
// deployed, each is its own process. Record what you measure, with the machine, in bench/RESULTS.md.
import { cpus } from "node:os";
import { SCALES, type ScaleName } from "@grassroots/demo-district";
import { startGraph } from "@grassroots/e2e/harness";
import autocannon from "autocannon";

const scaleArgument = process.argv.indexOf("--scale");
const scaleName = (scaleArgument > 0 ? process.argv[scaleArgument + 1] : "demo") as ScaleName;
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 10);

const QUERIES = {
  "tree + householdCount": `{ district(code: "310105") { householdCount streets { householdCount
    communities { householdCount blocks { code householdCount } } } } }`,
  "full dashboard (counts, coverage, cases at every level)": `{ district(code: "310105") { ...Figures
    streets { ...Figures communities { ...Figures blocks { code ...Figures } } } } }
    fragment Figures on Jurisdiction { ... on District { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
      ... on Street { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
      ... on Community { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } }
      ... on Block { householdCount visitCoverage { rate } pairingCoverage { rate } caseStats { open overdue responseRate } } }`,
  "tree + households(first: 3)": `{ district(code: "310105") { streets { communities { blocks { code
    households(first: 3) { edges { node { id size residents { name } } } } } } } } }`,
  "one block": `{ block(code: "310105001001001") { name team { name role } householdCount } }`,
};

const seedStarted = Date.now();
const graph = await startGraph({ scale: SCALES[scaleName] });
const seedSeconds = (Date.now() - seedStarted) / 1000;
console.log(`\n${scaleName}: started and seeded in ${seedSeconds.toFixed(1)} s on ${cpus().length} × ${cpus()[0]?.model}`);
console.log(`database: ${graph.subgraphs.residents.database.description.replace(/ at .*/, "")}\n`);
console.log(
  "| query | SQL statements (blocks + residents + delegates + escalations) | alone ms | req/s (10 connections) | p50 ms | p99 ms |",
);
console.log("|---|---|---|---|---|---|");
try {
  // Statements first, on an idle graph, so no request still in flight from a load run is counted.
  const statements: Record<string, string> = {};
  const alone: Record<string, number> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    const all = Object.values(graph.subgraphs);
    for (const subgraph of all) subgraph.sql.reset();
    const check = await graph.query(query);
    if (check.errors) throw new Error(`${name}: ${JSON.stringify(check.errors)}`);
    statements[name] = all.map((subgraph) => subgraph.sql.count).join(" + ");
    // One dashboard alone: the median of five sequential requests.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await graph.query(query, {}, { sub: "bench-analyst", role: "district_analyst", scope: "310105" });
      times.push(performance.now() - started);
    }
    alone[name] = times.sort((a, b) => a - b)[2]!;
  }
  // A district analyst's dashboard: the role these queries are for.
  const analyst = await graph.auth.headers({ sub: "bench-analyst", role: "district_analyst", scope: "310105" });
  for (const [name, query] of Object.entries(QUERIES)) {
    const result = await autocannon({
      url: graph.url,
      method: "POST",
      connections: 10,
      duration: durationSeconds,
      // A slow dashboard is measured, not counted as an error.
      timeout: 120,
      headers: { "content-type": "application/json", ...analyst },
      body: JSON.stringify({ query }),
    });
    const failed = result.non2xx + result.errors + result.timeouts;
    console.log(
      `| ${name} | ${statements[name]} | ${alone[name]!.toFixed(0)} | ${result.requests.average.toFixed(1)} | ${result.latency.p50} | ${result.latency.p99} |${failed ? ` ${failed} failed` : ""}`,
    );
    // Let requests queued at the end of the run finish before the next run or shutdown.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
} finally {
  await graph.close();
}
