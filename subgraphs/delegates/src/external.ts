// Stubs of other subgraphs' entities, by key. The places are implemented in visit-coverage/coverage.ts, where they
// gain visitCoverage and declare the residents subgraph's householdCount it requires.
import { builder } from "./builder";

const placeKey = builder.selection<{ code: string }>("code");

export const District = builder.externalRef("District", placeKey);
export const Street = builder.externalRef("Street", placeKey);
export const Community = builder.externalRef("Community", placeKey);
export const Block = builder.externalRef("Block", placeKey);

export const Household = builder
  .externalRef("Household", builder.selection<{ id: string }>("id"))
  .implement({ externalFields: (t) => ({ id: t.id() }) });
