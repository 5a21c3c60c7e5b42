import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { costVariables } from "./request-limits";

describe("the variables a cost depends on", () => {
  it("are those of first, last and a directive's if, and no others", () => {
    const document = parse(`query ($input: LogVisitInput!, $n: Int, $m: Int, $show: Boolean!, $code: ID!) {
      logVisit(input: $input) { id }
      block(code: $code) { households(first: $n) @include(if: $show) { edges { node { id } } } visits(last: $m) { id } } }`);
    expect([...costVariables(document)].sort()).toEqual(["m", "n", "show"]);
  });

  it("are none for a mutation whose arguments are all input", () => {
    expect(costVariables(parse(`mutation ($input: LogVisitInput!) { logVisit(input: $input) { id summary } }`)).size).toBe(0);
  });
});
