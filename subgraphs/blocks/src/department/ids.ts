// Department ids as arguments: `<district code>-<key>`, e.g. 310105-civil.
import { districtOfDepartment } from "@grassroots/access";
import { badUserInput } from "@grassroots/platform";
import { quotable } from "../jurisdiction/codes";

/** Longer than any department's id; nothing longer is looked up. */
const MAX_ID_LENGTH = 64;

/** The district a well-formed department id belongs to; null for anything else. */
export function districtOfDepartmentId(id: unknown): string | null {
  return typeof id === "string" && id.length <= MAX_ID_LENGTH ? districtOfDepartment(id) : null;
}

/** The district of a department id argument; a malformed id is BAD_USER_INPUT naming the argument. */
export function checkDepartmentId(id: string, argument = "id"): string {
  const district = districtOfDepartmentId(id);
  if (district) return district;
  const what = quotable(id) ? `"${id}" is not a department id` : "This is not a department id";
  throw badUserInput(`${what}: use its district's 6-digit code, a hyphen and its key in lower case, e.g. 310105-civil.`, {
    field: argument,
  });
}
