// Per-request DataLoaders for the two shapes every subgraph needs: one row per key, and the rows
// of each key; each batch is one query, answered in the order asked.

import DataLoader from "dataloader";
import type { GraphQLResolveInfo, SelectionNode } from "graphql";

/** Rows by a unique key (an id, a code); null for keys with no row. */
export function loaderByKey<Key, Row>(find: (keys: Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const rows = new Map((await find([...keys])).map((row) => [keyOf(row), row]));
    return keys.map((key) => rows.get(key) ?? null);
  });
}

/** Rows by id. */
export function loaderById<Row extends { id: string }>(find: (ids: string[]) => Promise<Row[]>) {
  return loaderByKey(find, (row) => row.id);
}

/** All rows of each key (a parent's children), in the order the query returned them. */
export function loaderOfGroups<Key, Row>(find: (keys: Key[]) => Promise<Row[]>, keyOf: (row: Row) => Key) {
  return new DataLoader<Key, Row[]>(async (keys) => {
    const groups = groupBy(await find([...keys]), keyOf);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

export function groupBy<Row, Key>(rows: Row[], keyOf: (row: Row) => Key): Map<Key, Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * The names of the fields selected under the field being resolved, through fragments and inline
 * fragments of every type (a directive that skips one is not read: a loader that asks for a field
 * more than needed is still right). For loaders whose statement depends on what is asked.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">): Set<string> {
  const names = new Set<string>();
  const visit = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === "Field") names.add(selection.name.value);
      else if (selection.kind === "InlineFragment") visit(selection.selectionSet.selections);
      else visit(info.fragments[selection.name.value]?.selectionSet.selections ?? []);
    }
  };
  for (const node of info.fieldNodes) if (node.selectionSet) visit(node.selectionSet.selections);
  return names;
}
