import { badUserInput } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Ids are UUIDs; anything else is the client's mistake (BAD_USER_INPUT), never a database error. */
export function parseUuid(value: string, argument = "id"): string {
  if (!UUID.test(value)) throw badUserInput(`"${argument}" is not a valid id.`, { field: argument });
  return value.toLowerCase();
}
