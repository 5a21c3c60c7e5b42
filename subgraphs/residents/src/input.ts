// Client input checks shared by the concepts: zod's first problem becomes BAD_USER_INPUT naming the
// field; page windows over uuid keys refuse cursors that do not hold an id.
import { badUserInput, type ConnectionArgs, type PageWindow, parseUuid, resolveConnection } from "@grassroots/platform";
import type { z } from "zod";

/** `field` names a single value checked on its own; an object's problems name their own path. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, field = "input"): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? issue.path.map(String).join(".") : field;
  throw badUserInput(`Check "${path}": ${issue.message}`, { field: path });
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
}

/**
 * `resolveConnection` over nodes keyed by their id, typed by the node (the platform's answer types
 * its nodes `unknown`) and with the window's cursors checked to hold ids.
 */
export function connectionById<Node extends { id: string }>(
  args: ConnectionArgs,
  load: (window: PageWindow) => Promise<Node[]>,
): Promise<Connection<Node>> {
  return resolveConnection(
    args,
    (node: Node) => node.id,
    (window) => load(idWindow(window)),
  ) as Promise<Connection<Node>>;
}

/** A page window whose cursors hold ids (the key of every residents connection), checked. */
export function idWindow(window: PageWindow): PageWindow {
  return {
    ...window,
    after: window.after === null ? null : parseUuid(window.after, "after"),
    before: window.before === null ? null : parseUuid(window.before, "before"),
  };
}
