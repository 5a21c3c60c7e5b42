import { teamOfBlock } from "@grassroots/demo-district";
import { TEAM_ROLES } from "@grassroots/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBlocks, scale, startBlocks, tree } from "./support";

let subgraph: RunningBlocks;

beforeAll(async () => {
  subgraph = await startBlocks();
});
afterAll(() => subgraph?.close());

describe("block service teams", () => {
  it("lists a block's team in the roles' order (cadre first, volunteers last), not their names' order", async () => {
    const block = tree.blocks[0]!;
    const { data } = await subgraph.query(`query($code: ID!) { block(code: $code) { team { id name role } } }`, {
      code: block.code,
    });
    const team = teamOfBlock(block.code, scale);
    expect(data?.block.team.map((member: { id: string }) => member.id).sort()).toEqual(team.map((member) => member.id).sort());
    expect(data?.block.team[0].role).toBe("COMMUNITY_CADRE");
    const ranks = data?.block.team.map((member: { role: (typeof TEAM_ROLES)[number] }) => TEAM_ROLES.indexOf(member.role));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(2);
  });
});
