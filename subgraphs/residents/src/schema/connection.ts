// Relay pages in id order for the connections of this subgraph: `first` (at most 100) and an opaque
// `after` cursor; one row beyond the page says whether there is a next one.
import { decodeCursor, encodeCursor, pageSize, parseUuid } from "@grassroots/platform";

export function pageArgs(args: { first?: number | null; after?: string | null }) {
  return {
    first: pageSize(args.first, 20),
    afterId: args.after ? parseUuid(decodeCursor(args.after), "after") : null,
  };
}

export function connectionOf<Row extends { id: string }>(rows: Row[], first: number, afterId: string | null) {
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: afterId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
