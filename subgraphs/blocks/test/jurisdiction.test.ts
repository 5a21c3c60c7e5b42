import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBlocks, startBlocks, tree } from "./support";

let subgraph: RunningBlocks;

beforeAll(async () => {
  subgraph = await startBlocks();
});
afterAll(() => subgraph?.close());

describe("jurisdiction", () => {
  it("serves the tree from the district down, in code order", async () => {
    const { data, errors } = await subgraph.query(`{
      district(code: "310105") { code name level parent { code }
        streets { code name level parent { code } communities { code blocks { code name community { code } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data?.district).toEqual({
      code: tree.district.code,
      name: tree.district.name,
      level: "DISTRICT",
      parent: null,
      streets: tree.streets.map((street) => ({
        code: street.code,
        name: street.name,
        level: "STREET",
        parent: { code: tree.district.code },
        communities: tree.communities
          .filter((community) => community.streetCode === street.code)
          .map((community) => ({
            code: community.code,
            blocks: tree.blocks
              .filter((block) => block.communityCode === community.code)
              .map((block) => ({ code: block.code, name: block.name, community: { code: community.code } })),
          })),
      })),
    });
  });

  it("walks the whole tree in one statement per level, however many places", async () => {
    subgraph.sql.reset();
    await subgraph.query(`{ district(code: "310105") { streets { communities { blocks { code team { name } } } } } }`);
    // district, streets, communities, blocks, team members
    expect(subgraph.sql.count).toBe(5);
  });

  it("lists only the places the caller may read: within their place, and the places above it", async () => {
    const street = tree.streets[1]!;
    const communities = tree.communities.filter((community) => community.streetCode === street.code);
    const community = communities[1]!;
    const block = tree.blocks.filter((candidate) => candidate.communityCode === community.code)[1]!;
    const query = `{ district(code: "310105") { code streets { code communities { code blocks { code } } } } }`;
    const codes = (places: { code: string }[]) => places.map((place) => place.code);

    const member = await subgraph.query(query, {}, { as: { sub: "m", role: "block_member", scope: block.code } });
    expect(member.errors).toBeUndefined();
    expect(member.data?.district).toEqual({
      code: "310105",
      streets: [{ code: street.code, communities: [{ code: community.code, blocks: [{ code: block.code }] }] }],
    });

    const officer = await subgraph.query(query, {}, { as: { sub: "o", role: "street_officer", scope: street.code } });
    expect(officer.errors).toBeUndefined();
    expect(codes(officer.data?.district.streets)).toEqual([street.code]);
    expect(codes(officer.data?.district.streets[0].communities)).toEqual(codes(communities));
    expect(officer.data?.district.streets[0].communities[1].blocks).toHaveLength(
      tree.blocks.filter((candidate) => candidate.communityCode === community.code).length,
    );

    const analyst = await subgraph.query(query, {}, { as: { sub: "a", role: "district_analyst", scope: "310105" } });
    expect(codes(analyst.data?.district.streets)).toEqual(codes(tree.streets));
  });

  it("finds any place with jurisdiction(code), typed by its level", async () => {
    const block = tree.blocks[3]!;
    const { data } = await subgraph.query(
      `query($code: ID!) { jurisdiction(code: $code) { __typename code level parent { __typename code } } }`,
      {
        code: block.code,
      },
    );
    expect(data?.jurisdiction).toEqual({
      __typename: "Block",
      code: block.code,
      level: "BLOCK",
      parent: { __typename: "Community", code: block.communityCode },
    });
  });

  it("rejects malformed codes with BAD_USER_INPUT and answers null for unknown ones", async () => {
    const malformed = await subgraph.query(`{ district(code: "31x") { code } }`);
    expect(malformed.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "code" });
    expect(malformed.errors?.[0]?.message).toMatch(/6 digits for a district/);
    const wrongLevel = await subgraph.query(`{ block(code: "310105001") { code } }`);
    expect(wrongLevel.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const unknown = await subgraph.query(
      `{ district(code: "310199") { code } jurisdiction(code: "310105999") { code } block(code: "310105001001999") { code } }`,
    );
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ district: null, jurisdiction: null, block: null });
  });

  it("refuses absurd codes with BAD_USER_INPUT naming the argument, without echoing them back", async () => {
    const refusals = [
      [`query($code: ID!) { district(code: $code) { code } }`, { code: "310105\u0000" }],
      [`query($code: ID!) { district(code: $code) { code } }`, { code: "３１０１０５" }],
      [`query($code: ID!) { block(code: $code) { code } }`, { code: "1".repeat(100_000) }],
      [`query($code: ID!) { jurisdiction(code: $code) { code } }`, { code: "-310105" }],
      [`query($code: ID!) { jurisdiction(code: $code) { code } }`, { code: " 310105" }],
      [`{ jurisdiction(code: -1) { code } }`, {}],
      [`{ jurisdiction(code: 99999999999999999999999999999) { code } }`, {}],
      [`{ block(code: 310105001001001001) { code } }`, {}],
    ] as const;
    for (const [query, variables] of refusals) {
      const { data, errors, raw } = await subgraph.query(query, variables);
      expect({ query, variables, data, extensions: errors?.[0]?.extensions }).toEqual({
        query,
        variables,
        // Text with a NUL byte is refused before the operation runs (the platform's check): no data at all.
        data: JSON.stringify(variables).includes("\\u0000") ? undefined : { [Object.keys(data ?? {})[0] ?? "none"]: null },
        extensions: { code: "BAD_USER_INPUT", field: "code" },
      });
      expect(errors?.[0]?.message.length).toBeLessThan(200);
      expect(raw).not.toContain("\\u0000");
    }
  });

  it("keeps every place's code an extension of its parent's in the database, since access is by prefix", async () => {
    const prisma = subgraph.prisma;
    await expect(prisma.district.create({ data: { code: "31010", name: "Short" } })).rejects.toThrow();
    await expect(
      prisma.street.create({ data: { code: "310106001", name: "Elsewhere", districtCode: "310105" } }),
    ).rejects.toThrow();
    await expect(
      prisma.community.create({ data: { code: "310105001", name: "Too short", streetCode: "310105001" } }),
    ).rejects.toThrow();
    await expect(
      prisma.block.create({ data: { code: "310105002001001", name: "Misfiled", communityCode: "310105001001" } }),
    ).rejects.toThrow();
    expect(await prisma.block.count({ where: { name: "Misfiled" } })).toBe(0);
  });
});
