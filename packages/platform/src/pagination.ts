// Relay connections: opaque cursors, and the first/after/last/before arguments every connection
// honours. Paging itself is Pothos' resolveCursorConnection; this adds our checks and cursors.
import { parseCursorConnectionArgs } from "@pothos/core";
import { resolveCursorConnection } from "@pothos/plugin-relay";
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

/** A page size a client asked for (`first`, `last`), or the fallback: 0 to MAX_PAGE_SIZE. */
export function pageSize(size: number | null | undefined, fallback = 20, argument = "first"): number {
  const value = size ?? fallback;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`"${argument}" must be between 0 and ${MAX_PAGE_SIZE}.`, { field: argument });
  }
  return value;
}

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * The rows one page needs, as `load` must fetch them: keys after `after` and before `before`
 * (decoded cursor values), in key order, or in reverse key order when `inverted` (paging from the
 * end with `last`), at most `limit` rows (one more than the page, which tells whether there is more).
 */
export interface PageWindow {
  after: string | null;
  before: string | null;
  limit: number;
  inverted: boolean;
}

/**
 * The page window of a connection's arguments, checked: sizes 0–100, cursors this API returned.
 * For pages loaded in batches (a DataLoader per window); `resolveConnection` computes it itself.
 */
export function pageWindow(args: ConnectionArgs, defaultSize = 20): PageWindow {
  return windowOf(parseCursorConnectionArgs({ args: checked(args), defaultSize, maxSize: MAX_PAGE_SIZE }));
}

/** A connection of nodes keyed by `keyOf` (the cursor's value), one page loaded by `load`. */
export async function resolveConnection<Node>(
  args: ConnectionArgs,
  keyOf: (node: Node) => string,
  load: (window: PageWindow) => Promise<Node[]>,
  defaultSize = 20,
) {
  const connection = await resolveCursorConnection(
    { args: checked(args), defaultSize, maxSize: MAX_PAGE_SIZE, toCursor: (node) => encodeCursor(keyOf(node as Node)) },
    (parsed): Promise<Node[]> => load(windowOf(parsed)),
  );
  return connection as NonNullable<typeof connection>;
}

function checked(args: ConnectionArgs) {
  if (args.first != null) pageSize(args.first, 0, "first");
  if (args.last != null) pageSize(args.last, 0, "last");
  if (args.after) decodeCursor(args.after, "after");
  if (args.before) decodeCursor(args.before, "before");
  return { first: args.first, last: args.last, after: args.after ?? undefined, before: args.before ?? undefined };
}

function windowOf(parsed: { after?: string; before?: string; limit: number; inverted: boolean }): PageWindow {
  return {
    after: parsed.after ? decodeCursor(parsed.after, "after") : null,
    before: parsed.before ? decodeCursor(parsed.before, "before") : null,
    limit: parsed.limit,
    inverted: parsed.inverted,
  };
}
