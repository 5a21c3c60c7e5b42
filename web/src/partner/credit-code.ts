// 统一社会信用代码 (GB 32100-2015), checked in the browser as the API checks it: a port of
// subgraphs/residents/src/partner/credit-code.ts (creditCodeCheckCharacter, creditCodeProblem), which
// registerPartner applies to the trimmed, upper-cased code. Here the problem is a value the form
// words in the page's language instead of the API's English sentence.

export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const CREDIT_CODE_LENGTH = 18;

/** The check character for the first 17 characters of a code (which must be from the alphabet). */
export function creditCodeCheckCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += CREDIT_CODE_ALPHABET.indexOf(body[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** As the API reads what was typed. */
export const normaliseCreditCode = (typed: string) => typed.trim().toUpperCase();

export type CreditCodeProblem =
  | { kind: "length"; length: number }
  | { kind: "character"; character: string }
  | { kind: "check"; expected: string };

/** Why a normalised code is not a valid credit code; null when valid. The API's order of checks. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const bad = [...code].find((character) => !CREDIT_CODE_ALPHABET.includes(character));
  // A wrong character is worth saying while typing; the API names the length first, the form the character.
  if (bad !== undefined) return { kind: "character", character: bad };
  if (code.length !== CREDIT_CODE_LENGTH) return { kind: "length", length: code.length };
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return { kind: "check", expected };
  return null;
}
