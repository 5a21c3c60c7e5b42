import { describe, expect, it } from "vitest";
import { readTeamMember } from "./access";

describe("who may read a block's team", () => {
  it("whoever may read the block", () => {
    expect(readTeamMember({ blockCode: "310105001001001" })).toEqual({ readPlace: "310105001001001" });
  });
});
