// Stubs of other subgraphs' entities that a case points at: only their keys.
import { builder } from "../builder";

export const Block = builder
  .externalRef("Block", builder.selection<{ code: string }>("code"))
  .implement({ externalFields: (t) => ({ code: t.id() }) });

export const Household = builder
  .externalRef("Household", builder.selection<{ id: string }>("id"))
  .implement({ externalFields: (t) => ({ id: t.id() }) });
