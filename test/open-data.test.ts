// Open data through the gateway, as anyone reads it (no token): every level of the tree for a
// quarter that has ended, each count equal to the figure the dashboard gives or suppressed, none
// under 5 published, and no suppressed count recoverable from the published ones by subtraction
// (checked by solving the table's equations, not by trusting the publisher's rule); the same table as
// CSV; the raw per-block counts never offered.
import { randomUUID } from "node:crypto";
import { suppressTree } from "@grassroots/blocks/open-data";
import { demoTree, householdsOfBlock, Random } from "@grassroots/demo-district";
import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { recoverableCells } from "./support/disclosure";

const QUARTER = { label: "2026-Q3", from: "2026-07-01T00:00:00+08:00", to: "2026-10-01T00:00:00+08:00", lastDay: "2026-09-30" };
const LEVELS = ["DISTRICT", "STREET", "COMMUNITY", "BLOCK"] as const;
const COUNTS = [
  "households",
  "householdsInNeed",
  "householdsPaired",
  "householdsVisited",
  "casesRaised",
  "casesResolved",
  "casesRespondedInTime",
] as const;
type Count = (typeof COUNTS)[number];
const RATES = {
  visitCoverage: ["householdsVisited", "households"],
  pairingCoverage: ["householdsPaired", "householdsInNeed"],
  resolutionRate: ["casesResolved", "casesRaised"],
  responseRate: ["casesRespondedInTime", "casesRaised"],
} as const;
type ErrorBody = { errors: { message: string; extensions?: { code?: string } }[] };
type Row = { code: string; name: string; level: string; parentCode: string | null } & Record<
  Count | keyof typeof RATES,
  number | null
>;

// Cases raised in the quarter per block, from none to plenty, so that the table has cells under the
// threshold, cells over it, and families where a complement must be chosen.
const CASES_PER_BLOCK = [0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 2, 8];

let graph: RunningGraph;
let now = new Date("2026-08-12T02:00:00Z");
beforeAll(async () => {
  // Cases are raised in the middle of the quarter; the blocks subgraph's own clock is today's.
  graph = await startGraph({ clock: { now: () => now } });
  const blocks = demoTree(graph.scale).blocks;
  expect(blocks).toHaveLength(CASES_PER_BLOCK.length);
  for (const [index, block] of blocks.entries()) {
    const household = householdsOfBlock(block.code, graph.scale).households[0]!;
    const member = { sub: `open-data-member-${block.code}`, role: "block_member" as const, scope: block.code };
    for (let n = 0; n < CASES_PER_BLOCK[index]!; n++) {
      now = new Date(now.getTime() + 60_000);
      const { errors } = await graph.query(
        `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }`,
        {
          input: {
            idempotencyKey: randomUUID(),
            blockCode: block.code,
            householdId: household.id,
            channel: "HOME_VISIT",
            category: n % 2 ? "HOUSING" : "SANITATION",
            description: `Open data case ${n} in ${block.code}: the stairwell light is out.`,
          },
        },
        member,
      );
      expect(errors).toBeUndefined();
    }
  }
}, 120_000);
afterAll(() => graph?.close());

const ROW_FIELDS = `code name level parentCode ${COUNTS.join(" ")} ${Object.keys(RATES).join(" ")}`;

async function openData(level: string, period: string | null = QUARTER.label) {
  return graph.query(
    `query($level: JurisdictionLevel!, $period: String) {
      openData(level: $level, period: $period) { level period from through threshold suppressionRule formulas { figure formula } rows { ${ROW_FIELDS} } }
    }`,
    { level, period },
    null,
  );
}

/** Every place's published row, all four levels, read without a token. */
async function publishedTree(): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  for (const level of LEVELS) {
    const { data, errors } = await openData(level);
    expect(errors).toBeUndefined();
    for (const row of data?.openData.rows as Row[]) rows.set(row.code, row);
  }
  return rows;
}

/** What the dashboard says of every place (an admin's view), as the counts open data publishes. */
async function dashboardTree(): Promise<Map<string, Record<Count, number>>> {
  const figures = `code householdCount visitCoverage(asOf: $asOf) { visitedHouseholds }
    pairingCoverage { householdsInNeed pairedHouseholds } caseStats(period: $period) { raised resolutionRate responseRate }`;
  const { data, errors } = await graph.query(
    `query($period: PeriodInput, $asOf: Date) { district(code: "310105") { ${figures}
      streets { ${figures} communities { ${figures} blocks { ${figures} } } } } }`,
    { period: { from: QUARTER.from, to: QUARTER.to }, asOf: QUARTER.lastDay },
  );
  expect(errors).toBeUndefined();
  const truth = new Map<string, Record<Count, number>>();
  const visit = (place: any) => {
    const raised = place.caseStats.raised;
    truth.set(place.code, {
      households: place.householdCount,
      householdsInNeed: place.pairingCoverage.householdsInNeed,
      householdsPaired: place.pairingCoverage.pairedHouseholds,
      householdsVisited: place.visitCoverage.visitedHouseholds,
      casesRaised: raised,
      casesResolved: Math.round((place.caseStats.resolutionRate ?? 0) * raised),
      casesRespondedInTime: Math.round((place.caseStats.responseRate ?? 0) * raised),
    });
    for (const child of place.streets ?? place.communities ?? place.blocks ?? []) visit(child);
  };
  visit(data?.district);
  return truth;
}

describe("openData", () => {
  it("publishes every level to anyone without a token: each count the dashboard's figure or suppressed, none under 5", async () => {
    const [published, truth] = await Promise.all([publishedTree(), dashboardTree()]);
    expect([...published.keys()].sort()).toEqual([...truth.keys()].sort());
    let shown = 0;
    let hidden = 0;
    for (const [code, row] of published) {
      for (const count of COUNTS) {
        const value = row[count];
        const real = truth.get(code)![count];
        if (real < 5) expect(value, `${count} of ${code}`).toBeNull();
        if (value === null) hidden++;
        else {
          expect(value, `${count} of ${code}`).toBe(real);
          shown++;
        }
      }
      for (const [rate, [numerator, denominator]] of Object.entries(RATES)) {
        const [top, bottom] = [row[numerator], row[denominator]];
        const expected = top === null || bottom === null || bottom === 0 ? null : top / bottom;
        expect(row[rate as keyof typeof RATES], `${rate} of ${code}`).toBe(expected);
      }
    }
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
    // The cases raised in the quarter: the district's 59 are published.
    expect(published.get("310105")?.casesRaised).toBe(CASES_PER_BLOCK.reduce((a, b) => a + b, 0));
  });

  it("Suppressed cells cannot be recovered from totals", async () => {
    const [published, truth] = await Promise.all([publishedTree(), dashboardTree()]);
    let complements = 0;
    for (const count of COUNTS) {
      const table = new Map([...published].map(([code, row]) => [code, row[count]]));
      expect(recoverableCells(table), count).toEqual([]);
      complements += [...table].filter(([code, value]) => value === null && truth.get(code)![count] >= 5).length;
    }
    // Not vacuous: some counts of 5 or more were suppressed to protect a small one beside them.
    expect(complements).toBeGreaterThan(0);
  });

  it("tells the formulas, the threshold and the quarter; the latest ended quarter when none is asked", async () => {
    const { data, errors } = await openData("STREET", null);
    expect(errors).toBeUndefined();
    const local = new Date(Date.now() + 8 * 3600_000);
    const index = Math.floor(local.getUTCMonth() / 3);
    const latest = index === 0 ? `${local.getUTCFullYear() - 1}-Q4` : `${local.getUTCFullYear()}-Q${index}`;
    expect(data?.openData).toMatchObject({ level: "STREET", period: latest, threshold: 5 });
    const asked = (await openData("STREET")).data?.openData;
    expect(asked).toMatchObject({ period: "2026-Q3", from: "2026-07-01", through: "2026-09-30" });
    const figures = asked.formulas.map((formula: { figure: string }) => formula.figure);
    expect(figures).toEqual([...COUNTS, ...Object.keys(RATES)]);
    expect(asked.suppressionRule).toMatch(/below 5/);
  });

  it.each([
    ["2026-3", /not a quarter/],
    ["1999-Q4", /starts with 2000-Q1/],
    ["2999-Q1", /has not ended/],
  ])("refuses the period %s with BAD_USER_INPUT on the field", async (period, message) => {
    const { data, errors } = await openData("STREET", period);
    expect(data?.openData ?? null).toBeNull();
    expect(errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "period" } });
    expect(errors?.[0]?.message).toMatch(message);
  });

  it("refuses the quarter under way: its counts still move, and two readings would give one away", async () => {
    const local = new Date(Date.now() + 8 * 3600_000);
    const current = `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
    const { errors } = await openData("DISTRICT", current);
    expect(errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "period" } });
  });
});

describe("/open-data/<level>.csv", () => {
  const csvUrl = (file: string, query = `?period=${QUARTER.label}`) => new URL(`/open-data/${file}${query}`, graph.url);

  it("is the same table as CSV, suppressed counts as empty cells", async () => {
    const response = await fetch(csvUrl("community.csv"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toContain("open-data-community-2026-Q3.csv");
    const text = (await response.text()).replace(/^\ufeff/, "");
    const [header, ...lines] = text.trim().split("\r\n");
    const columns = header!.split(",");
    expect(columns.slice(0, 4)).toEqual(["code", "name", "level", "parentCode"]);
    const { data } = await openData("COMMUNITY");
    const rows = data?.openData.rows as Row[];
    expect(lines).toHaveLength(rows.length);
    for (const [index, line] of lines.entries()) {
      const cells = line.split(",");
      const row = rows[index]!;
      expect(cells[0]).toBe(row.code);
      for (const count of COUNTS) expect(cells[columns.indexOf(count)]).toBe(row[count] === null ? "" : String(row[count]));
    }
  });

  it("answers a wrong period with 400 and an unknown table with 404, in words", async () => {
    const bad = await fetch(csvUrl("street.csv", "?period=2026-Q9"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    const unknown = await fetch(csvUrl("planet.csv"));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).errors[0]?.message).toContain("street.csv");
  });
});

describe("the raw per-block counts behind open data", () => {
  it("are not offered by the gateway, and a subgraph gives them to the deployment's services only", async () => {
    const throughGateway = await graph.query(`{ householdCountsPerBlock { blockCode households } }`);
    expect(throughGateway.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const asks = [
      ["residents", `{ householdCountsPerBlock { blockCode households } }`],
      ["delegates", `{ visitedHouseholdCountsPerBlock(asOf: "2026-09-30") { blockCode visited } }`],
      ["escalations", `{ caseCountsPerBlock(from: "2026-07-01", to: "2026-10-01") { blockCode raised } }`],
    ] as const;
    for (const [subgraph, query] of asks) {
      for (const claims of [
        { sub: "analyst", role: "district_analyst" as const, scope: "310105" },
        { sub: "someone-with-admin", role: "admin" as const },
      ]) {
        const response = await fetch(graph.subgraphs[subgraph].url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            [GATEWAY_SECRET_HEADER]: graph.auth.gatewaySecret,
            ...(await graph.auth.headers(claims)),
          },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as ErrorBody & { data?: Record<string, unknown> | null };
        expect(
          Object.values(body.data ?? {}).filter((value) => value !== null),
          `${subgraph} as ${claims.sub}`,
        ).toEqual([]);
        expect(body.errors?.[0]?.extensions?.code, `${subgraph} as ${claims.sub}`).toBe("FORBIDDEN");
      }
    }
  });
});

describe("suppression over random trees", () => {
  it("publishes no count under 5, every published count exact, and none that the others determine", () => {
    const random = new Random("open-data-suppression");
    for (let trial = 0; trial < 300; trial++) {
      const codes = ["310105"];
      const perBlock = new Map<string, number>();
      const streets = 1 + Math.floor(random.next() * 3);
      for (let s = 1; s <= streets; s++) {
        const street = `310105${String(s).padStart(3, "0")}`;
        codes.push(street);
        const communities = 1 + Math.floor(random.next() * 4);
        for (let c = 1; c <= communities; c++) {
          const community = `${street}${String(c).padStart(3, "0")}`;
          codes.push(community);
          const blocks = Math.floor(random.next() * 5);
          for (let b = 1; b <= blocks; b++) {
            const block = `${community}${String(b).padStart(3, "0")}`;
            codes.push(block);
            // Mostly small counts, some large: every shape of family turns up.
            perBlock.set(block, random.next() < 0.6 ? Math.floor(random.next() * 6) : Math.floor(random.next() * 40));
          }
        }
      }
      const published = suppressTree(codes, perBlock);
      const sum = (code: string) => [...perBlock].filter(([block]) => block.startsWith(code)).reduce((a, [, v]) => a + v, 0);
      for (const code of codes) {
        const value = published.get(code);
        if (sum(code) < 5) expect(value, `trial ${trial}, ${code}`).toBeNull();
        if (value !== null) expect(value, `trial ${trial}, ${code}`).toBe(sum(code));
      }
      expect(recoverableCells(published), `trial ${trial}`).toEqual([]);
    }
  });

  it("would catch a publisher that left a lone suppressed cell in a family", () => {
    // A community of 20 with blocks 3 and 17: suppressing only the 3 gives it away (20 − 17).
    const table = new Map<string, number | null>([
      ["310105", 20],
      ["310105001", 20],
      ["310105001001", 20],
      ["310105001001001", null],
      ["310105001001002", 17],
    ]);
    expect(recoverableCells(table)).toEqual(["310105001001001"]);
  });
});
