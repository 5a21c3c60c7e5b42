// Input checks with zod: the first problem becomes BAD_USER_INPUT naming the input field.
import { badUserInput } from "@grassroots/platform";
import type { z } from "zod";

/** `field` names a single value checked on its own; an object's problems name their own path. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, field = "input"): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? issue.path.map(String).join(".") : field;
  throw badUserInput(`Check "${path}": ${issue.message}`, { field: path });
}
