// The delegates subgraph's definition: its schema, database and per-request context.
import { fileURLToPath } from "node:url";
import type { Directory } from "@grassroots/directory";
import type { SubgraphDefinition } from "@grassroots/platform";
import { ANSWERED_PER_ITEM } from "@grassroots/vocabulary";
import { type Context, createContext } from "./context";
import { createPrisma, type DelegatesPrisma } from "./prisma";
import { schema } from "./schema";
import { rebuildVisitRollUps } from "./visit-coverage/roll-ups";

export type { Context, DelegatesPrisma };

export const delegatesSchema = schema;

export interface DelegatesSubgraphOptions {
  /** Where the subgraph checks that places and households exist (other subgraphs own them). */
  directory: Directory;
  /** Places of at most this many households must visit every one (VISIT_COVERAGE_FULL_TARGET_MAX_HOUSEHOLDS; default 300). */
  fullTargetMaxHouseholds?: number;
}

/** The delegates subgraph, given where it checks that places and households exist. */
export function createDelegatesSubgraph(options: DelegatesSubgraphOptions): SubgraphDefinition<DelegatesPrisma, Context> {
  return {
    name: "delegates",
    migrationsDir: fileURLToPath(new URL("../../../prisma/delegates/migrations", import.meta.url)),
    schema,
    // logVisits answers each queued visit on its own, unstorable text included.
    answeredPerItem: ANSWERED_PER_ITEM,
    createPrisma,
    createContext: (prisma, claims, request) =>
      createContext(prisma, claims, options.directory, options.fullTargetMaxHouseholds, request.reads, request.transactions),
    rebuildRollUps: rebuildVisitRollUps,
  };
}
