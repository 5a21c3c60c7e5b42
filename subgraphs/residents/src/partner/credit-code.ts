// 统一社会信用代码, the unified social credit code of GB 32100-2015: 18 characters from a 31-character
// alphabet (digits and capitals without I, O, Z, S, V); the last is a check character over the first 17.

export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a code (which must be from the alphabet). */
export function creditCodeCheckCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += CREDIT_CODE_ALPHABET.indexOf(body[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a (normalised: trimmed, upper-case) code is not a valid credit code, in words a registrant can act on; null when valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `a unified social credit code has 18 characters; this one has ${code.length}.`;
  const bad = [...code].find((character) => !CREDIT_CODE_ALPHABET.includes(character));
  if (bad !== undefined)
    return `"${bad}" cannot appear in a unified social credit code (digits and capitals except I, O, Z, S, V).`;
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) return "the check character (the 18th) does not match the first 17: check the code for a typo.";
  return null;
}
