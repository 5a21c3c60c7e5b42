import { creditCode, Random } from "@grassroots/demo-district";
import { PARTNER_KINDS } from "@grassroots/vocabulary";
import { describe, expect, it } from "vitest";
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, creditCodeProblem } from "./credit-code";

// Published codes of well-known companies (Tencent, Huawei, Alibaba, a State Grid company).
const REAL = ["9144030071526726XG", "914403001922038216", "91330100799655058B", "91110000802100433B"];

describe("unified social credit code (GB 32100-2015)", () => {
  it("accepts published codes and the demo district's generated ones", () => {
    for (const code of REAL) expect(creditCodeProblem(code)).toBeNull();
    const random = new Random("credit-code-test");
    for (let i = 0; i < 200; i++) expect(creditCodeProblem(creditCode(random, random.pick(PARTNER_KINDS)))).toBeNull();
  });

  it("maps a remainder of 0 to the check character 0", () => {
    // Find a body whose weighted sum is a multiple of 31: its check character is 0, not the 32nd letter.
    const random = new Random("zero");
    for (let i = 0; i < 5000; i++) {
      const body = Array.from({ length: 17 }, () => CREDIT_CODE_ALPHABET[random.int(0, 30)]).join("");
      if (creditCodeCheckCharacter(body) === "0") {
        expect(creditCodeProblem(`${body}0`)).toBeNull();
        return;
      }
    }
    throw new Error("no body with check character 0 found");
  });

  it("catches any single wrong character, and says what is wrong", () => {
    const code = REAL[0]!;
    for (let position = 0; position < 18; position++) {
      const replacement = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[position]!) + 7) % 31]!;
      const typo = code.slice(0, position) + replacement + code.slice(position + 1);
      expect(creditCodeProblem(typo)).toMatch(/check character/);
    }
    expect(creditCodeProblem("91440300715267")).toMatch(/18 characters; this one has 14/);
    expect(creditCodeProblem("9144030071526726IG")).toMatch(/"I" cannot appear/);
  });
});
