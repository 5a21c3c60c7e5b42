// Jurisdiction codes as arguments: a malformed one is the caller's mistake, never a lookup.
import { codeProblem, type Level, levelOf } from "@grassroots/jurisdiction";
import { badUserInput } from "@grassroots/platform";

/** Longer than any code: quoting it back would only echo what the caller sent. */
const QUOTABLE_LENGTH = 32;

/** Control characters (NUL above all) that no code or id contains and a message should not echo. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether an argument is short and printable enough to quote back in a message. */
export const quotable = (value: string) => value.length <= QUOTABLE_LENGTH && !CONTROL.test(value);

/** Rejects a malformed code with BAD_USER_INPUT; a well-formed unknown code simply finds nothing. */
export function checkCode(code: string, expected?: Level, argument = "code"): Level {
  const problem = codeProblem(code, expected);
  if (problem) {
    const message = quotable(code)
      ? problem
      : "This is not a jurisdiction code: use 6 digits for a district, 9 for a street, 12 for a community or 15 for a block.";
    throw badUserInput(message, { field: argument });
  }
  return levelOf(code) as Level;
}
