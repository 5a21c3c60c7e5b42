// Open data through the gateway, as anyone reads it (no token): every level of the tree for a
// settled quarter, each count equal to a brute-force recount of the raw rows or suppressed, none
// under 5 published, and no suppressed count recoverable: not by solving the table's equations, and
// not even knowing the bounds and the rule, since for each one a different district exists that the
// publisher would have published identically. The same table as CSV; the raw per-block counts never
// offered.
import { randomUUID } from "node:crypto";
import { suppressTree } from "@grassroots/blocks/suppression";
import { DISTRICT, demoTree, householdsOfBlock, Random } from "@grassroots/demo-district";
import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGraph, startGraph } from "./harness";
import { recoverableCells } from "./support/disclosure";

const QUARTER = { label: "2026-Q3", from: "2026-07-01T00:00:00+08:00", to: "2026-10-01T00:00:00+08:00" };
const LEVELS = ["DISTRICT", "STREET", "COMMUNITY", "BLOCK"] as const;
const COUNTS = ["householdsVisited", "casesRaised"] as const;
type Count = (typeof COUNTS)[number];
type ErrorBody = { errors: { message: string; extensions?: { code?: string; field?: string } }[] };
type Row = { code: string; name: string; level: string; parentCode: string | null } & Record<Count, number | null>;

// Per block, in the quarter: cases raised and households visited (of the 6 each block has), from
// none to all, so that the table has cells under the threshold and over it.
const CASES_PER_BLOCK = [0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 2, 8];
const VISITED_PER_BLOCK = [6, 5, 0, 2, 6, 6, 1, 3, 4, 6, 5, 0];

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
    // Visits in the quarter, written as a phone would have logged them then (the API takes 30 days back).
    for (const visited of householdsOfBlock(block.code, graph.scale).households.slice(0, VISITED_PER_BLOCK[index])) {
      await graph.subgraphs.delegates.prisma.visit.create({
        data: {
          id: randomUUID(),
          channel: "HOME_VISIT",
          householdId: visited.id,
          placeCode: block.code,
          loggedBy: member.sub,
          category: "LIVING_DIFFICULTY",
          summary: "Quarterly home visit.",
          followUpNeeded: false,
          occurredAt: new Date("2026-08-20T03:00:00Z"),
          recordedAt: new Date("2026-08-20T03:05:00Z"),
        },
      });
    }
  }
}, 120_000);
afterAll(() => graph?.close());

const ROW_FIELDS = `code name level parentCode ${COUNTS.join(" ")}`;

async function openData(level: string, period: string | null = QUARTER.label) {
  return graph.query(
    `query($level: JurisdictionLevel!, $period: String) {
      openData(level: $level, period: $period) { level period from through publishedAt threshold suppressionRule formulas { figure formula } rows { ${ROW_FIELDS} } }
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
    for (const row of (data?.openData.rows ?? []) as Row[]) rows.set(row.code, row);
  }
  return rows;
}

/** Every place of the demo district, every level. */
function everyCode(): string[] {
  const tree = demoTree(graph.scale);
  return [
    DISTRICT.code,
    ...tree.streets.map((p) => p.code),
    ...tree.communities.map((p) => p.code),
    ...tree.blocks.map((p) => p.code),
  ].sort();
}

/** The blocks' counts in the quarter, recounted from the raw rows of the subgraphs that own them. */
async function recountPerBlock(): Promise<Record<Count, Map<string, number>>> {
  type Raw = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };
  const visits = await (graph.subgraphs.delegates.prisma as unknown as Raw).$queryRawUnsafe<{ code: string; n: number }[]>(
    `SELECT place_code AS code, count(DISTINCT household_id)::int AS n FROM visit
     WHERE household_id IS NOT NULL AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz GROUP BY place_code`,
    QUARTER.from,
    QUARTER.to,
  );
  const cases = await (graph.subgraphs.escalations.prisma as unknown as Raw).$queryRawUnsafe<{ code: string; n: number }[]>(
    `SELECT block_code AS code, count(*)::int AS n FROM "case"
     WHERE raised_at >= $1::timestamptz AND raised_at < $2::timestamptz AND status NOT IN ('WITHDRAWN', 'MERGED')
     GROUP BY block_code`,
    QUARTER.from,
    QUARTER.to,
  );
  return {
    householdsVisited: new Map(visits.map((row) => [row.code, row.n])),
    casesRaised: new Map(cases.map((row) => [row.code, row.n])),
  };
}

const sumUnder = (perBlock: Map<string, number>, code: string) =>
  [...perBlock].filter(([block]) => block.startsWith(code)).reduce((total, [, n]) => total + n, 0);

/**
 * Whether a district differing from this one at `code` exists that the publisher would publish
 * identically: then nothing published (with every bound and the rule itself known) tells the two
 * apart, and the count at `code` is not recovered. Tries moving a few units between a block under
 * `code` and any block elsewhere, or none (a suppressed district has nothing published above it).
 */
function hasIndistinguishableTwin(codes: string[], perBlock: Map<string, number>, code: string): boolean {
  const published = suppressTree(codes, perBlock);
  const blocks = codes.filter((c) => c.length === 15);
  for (const from of blocks.filter((block) => block.startsWith(code))) {
    for (const to of [null, ...blocks.filter((block) => !block.startsWith(code))]) {
      for (const units of [1, -1, 2, -2, 3, -3]) {
        const moved = new Map(perBlock);
        const fromValue = (moved.get(from) ?? 0) + units;
        const toValue = to === null ? 0 : (moved.get(to) ?? 0) - units;
        if (fromValue < 0 || toValue < 0) continue;
        moved.set(from, fromValue);
        if (to !== null) moved.set(to, toValue);
        const twin = suppressTree(codes, moved);
        if (codes.every((c) => twin.get(c) === published.get(c))) return true;
      }
    }
  }
  return false;
}

describe("openData", () => {
  it("publishes every level to anyone without a token: each count the raw rows' recount or suppressed, none under 5", async () => {
    const [published, perBlock] = await Promise.all([publishedTree(), recountPerBlock()]);
    const codes = everyCode();
    expect([...published.keys()].sort()).toEqual(codes);
    let shown = 0;
    let hidden = 0;
    for (const count of COUNTS) {
      for (const code of codes) {
        const value = published.get(code)![count];
        const real = sumUnder(perBlock[count], code);
        if (real < 5) expect(value, `${count} of ${code}`).toBeNull();
        if (value === null) hidden++;
        else {
          expect(value, `${count} of ${code}`).toBe(real);
          shown++;
        }
      }
      // Exactly what the suppression makes of the blocks' real counts.
      const expected = suppressTree(codes, perBlock[count]);
      expect(
        codes.map((code) => published.get(code)![count]),
        count,
      ).toEqual(codes.map((code) => expected.get(code)));
    }
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
    // The district's cases raised in the quarter are the test's own; its visits include the seed's too.
    expect(published.get(DISTRICT.code)?.casesRaised).toBe(CASES_PER_BLOCK.reduce((a, b) => a + b, 0));
    expect(published.get(DISTRICT.code)?.householdsVisited).toBeGreaterThanOrEqual(VISITED_PER_BLOCK.reduce((a, b) => a + b, 0));
  });

  it("Suppressed cells cannot be recovered from totals", async () => {
    const [published, perBlock] = await Promise.all([publishedTree(), recountPerBlock()]);
    const codes = everyCode();
    let protectedBeside = 0;
    for (const count of COUNTS) {
      const table = new Map(codes.map((code) => [code, published.get(code)![count]]));
      // Not by solving the equations place = Σ children ...
      expect(recoverableCells(table), count).toEqual([]);
      // ... nor knowing that counts are never negative, which ones are small, and the rule.
      for (const code of codes.filter((c) => table.get(c) === null)) {
        expect(hasIndistinguishableTwin(codes, perBlock[count], code), `${count} of ${code}`).toBe(true);
        if (sumUnder(perBlock[count], code) >= 5) protectedBeside++;
      }
    }
    // Not vacuous: counts of 5 or more were suppressed to protect the small ones beside them.
    expect(protectedBeside).toBeGreaterThan(0);
  });

  it("tells the formulas, the threshold and the quarter; the latest settled quarter when none is asked", async () => {
    const { data, errors } = await openData("STREET", null);
    expect(errors).toBeUndefined();
    // The latest quarter that ended more than 30 days ago (visits may be logged up to 30 days late).
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    let [year, quarter] = [Number(today.slice(0, 4)), Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1];
    for (;;) {
      [year, quarter] = quarter === 1 ? [year - 1, 4] : [year, quarter - 1];
      const end = Date.UTC(quarter === 4 ? year + 1 : year, quarter === 4 ? 0 : quarter * 3, 1);
      if (new Date(end + 31 * 86_400_000).toISOString().slice(0, 10) <= today) break;
    }
    const latest = `${year}-Q${quarter}`;
    expect(data?.openData).toMatchObject({ level: "STREET", period: latest, threshold: 5 });
    const asked = (await openData("STREET")).data?.openData;
    expect(asked).toMatchObject({ period: "2026-Q3", from: "2026-07-01", through: "2026-09-30" });
    const figures = asked.formulas.map((formula: { figure: string }) => formula.figure);
    expect(figures).toEqual([...COUNTS]);
    expect(asked.suppressionRule).toMatch(/below 5/);
  });

  it.each([
    ["2026-3", /not a quarter/],
    ["1999-Q4", /starts with 2000-Q1/],
    ["2999-Q1", /is published from 2999-05-02/],
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

describe("a quarter once published", () => {
  it("reads the same ever after, whatever changes in its months later", async () => {
    const before = (await openData("BLOCK")).data?.openData;
    const block = demoTree(graph.scale).blocks[9]!;
    // A case raised late in the quarter's months (the clock back in August): the stored tables stand.
    now = new Date("2026-09-15T02:00:00Z");
    const { errors } = await graph.query(
      `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { id } }`,
      {
        input: {
          idempotencyKey: randomUUID(),
          blockCode: block.code,
          householdId: householdsOfBlock(block.code, graph.scale).households[0]!.id,
          channel: "HOME_VISIT",
          category: "HOUSING",
          description: "A late case in the published quarter: the lift is broken.",
        },
      },
      { sub: `open-data-member-${block.code}`, role: "block_member", scope: block.code },
    );
    expect(errors).toBeUndefined();
    const after = (await openData("BLOCK")).data?.openData;
    expect(after).toEqual(before);
    // Kept in the database, so every replica and every restart serves this same copy.
    type Stored = { code: string; counts: Record<Count, number | null> }[];
    const stored = await (graph.subgraphs.blocks.prisma as any).openDataPublication.findUnique({ where: { quarter: "2026-Q3" } });
    expect(stored.publishedAt.toISOString()).toBe(after.publishedAt);
    const storedBlocks = (stored.rows as Stored).filter((row) => row.code.length === 15);
    expect(storedBlocks.map((row) => [row.code, row.counts.casesRaised])).toEqual(
      after.rows.map((row: Row) => [row.code, row.casesRaised]),
    );
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
    expect(((await bad.json()) as ErrorBody).errors[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "period" },
    });
    const twice = await fetch(csvUrl("street.csv", "?period=2026-Q2&period=2026-Q3"));
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as ErrorBody).errors[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT", field: "period" },
    });
    // Whatever a reader puts in the period is their input, answered 400 on the field, never a 500.
    for (const period of ["", "%00", "2026-Q3%00", "%F0%9F%98%80", "x".repeat(4000)]) {
      const odd = await fetch(csvUrl("street.csv", `?period=${period}`));
      expect(odd.status, period.slice(0, 20)).toBe(400);
      expect(((await odd.json()) as ErrorBody).errors[0]?.extensions, period.slice(0, 20)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "period",
      });
    }
    for (const file of ["__proto__", "constructor", "toString"]) expect((await fetch(csvUrl(file))).status, file).toBe(404);
    const unknown = await fetch(csvUrl("planet.csv"));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).errors[0]?.message).toContain("street.csv");
  });
});

describe("the raw per-block counts behind open data", () => {
  it("are not offered by the gateway, and a subgraph gives them to the deployment's services only", async () => {
    const asks = [
      ["delegates", `{ visitedHouseholdCountsPerBlock(from: "2026-07-01", to: "2026-10-01") { blockCode visited } }`],
      ["escalations", `{ caseCountsPerBlock(from: "2026-07-01", to: "2026-10-01") { blockCode raised } }`],
    ] as const;
    for (const [subgraph, query] of asks) {
      const throughGateway = await graph.query(query);
      expect(throughGateway.errors?.[0]?.extensions?.code, `${subgraph} through the gateway`).toBe("GRAPHQL_VALIDATION_FAILED");
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
  it("publishes no count under 5, every published count exact, and none that the rest determines", () => {
    const random = new Random("open-data-suppression");
    for (let trial = 0; trial < 100; trial++) {
      const codes = ["310105"];
      const perBlock = new Map<string, number>();
      const streets = 1 + Math.floor(random.next() * 3);
      for (let s = 1; s <= streets; s++) {
        const street = `310105${String(s).padStart(3, "0")}`;
        codes.push(street);
        const communities = 1 + Math.floor(random.next() * 3);
        for (let c = 1; c <= communities; c++) {
          const community = `${street}${String(c).padStart(3, "0")}`;
          codes.push(community);
          const blocks = Math.floor(random.next() * 4);
          for (let b = 1; b <= blocks; b++) {
            const block = `${community}${String(b).padStart(3, "0")}`;
            codes.push(block);
            // Mostly small counts, some large: every shape of family turns up.
            perBlock.set(block, random.next() < 0.5 ? Math.floor(random.next() * 6) : Math.floor(random.next() * 30));
          }
        }
      }
      const published = suppressTree(codes, perBlock);
      for (const code of codes) {
        const value = published.get(code);
        // A place without blocks counts nothing by its shape: it is published as 0.
        if (!codes.some((other) => other.length === 15 && other.startsWith(code))) {
          expect(value, `trial ${trial}, ${code}`).toBe(0);
          continue;
        }
        if (sumUnder(perBlock, code) < 5) expect(value, `trial ${trial}, ${code}`).toBeNull();
        if (value !== null) expect(value, `trial ${trial}, ${code}`).toBe(sumUnder(perBlock, code));
        else expect(hasIndistinguishableTwin(codes, perBlock, code), `trial ${trial}, ${code}`).toBe(true);
      }
      expect(recoverableCells(published), `trial ${trial}`).toEqual([]);
    }
  });

  it("would catch a publisher that hid one complement beside a small cell", () => {
    // A community of 20 with blocks 3 and 17: suppressing only the 3 gives it away (20 − 17).
    const table = new Map<string, number | null>([
      ["310105", 20],
      ["310105001", 20],
      ["310105001001", 20],
      ["310105001001001", null],
      ["310105001001002", 17],
    ]);
    expect(recoverableCells(table)).toEqual(["310105001001001"]);
    // A community of 13 with blocks 5, 4, 4: hiding the 4s and one complement would still give them
    // away (13 = 5 + ≤4 + ≤4 leaves one world); the whole family hidden leaves others.
    const codes = ["310105", "310105001", "310105001001", "310105001001001", "310105001001002", "310105001001003"];
    const perBlock = new Map([
      ["310105001001001", 5],
      ["310105001001002", 4],
      ["310105001001003", 4],
    ]);
    expect(suppressTree(codes, perBlock).get("310105001001001")).toBeNull();
    expect(hasIndistinguishableTwin(codes, perBlock, "310105001001002")).toBe(true);
  });
});
