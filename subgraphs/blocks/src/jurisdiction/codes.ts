// Jurisdiction codes as arguments: a malformed one is the caller's mistake, never a lookup.
import { codeProblem, type Level, levelOf } from "@grassroots/jurisdiction";
import { badUserInput } from "@grassroots/platform";

/** Rejects a malformed code with BAD_USER_INPUT; a well-formed unknown code simply finds nothing. */
export function checkCode(code: string, expected?: Level, argument = "code"): Level {
  const problem = codeProblem(code, expected);
  if (problem) throw badUserInput(problem, { field: argument });
  return levelOf(code) as Level;
}
