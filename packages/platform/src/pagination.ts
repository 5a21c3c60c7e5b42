// Opaque Relay cursors and the `first`/`after` checks every connection needs.
import { badUserInput } from "./errors";

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(value: string): string {
  return Buffer.from(`c:${value}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, argument = "after"): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith("c:")) throw badUserInput(`"${argument}" is not a cursor this API returned.`, { field: argument });
  return decoded.slice(2);
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`, { field: "first" });
  }
  return size;
}
