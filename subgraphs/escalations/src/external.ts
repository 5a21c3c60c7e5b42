// Stubs of other subgraphs' entities that cases point at or extend: only their keys.
import { builder } from "./builder";

const placeKey = builder.selection<{ code: string }>("code");
const place = (name: "District" | "Street" | "Community" | "Block") =>
  builder.externalRef(name, placeKey).implement({ externalFields: (t) => ({ code: t.id() }) });

export const District = place("District");
export const Street = place("Street");
export const Community = place("Community");
export const Block = place("Block");

export const Household = builder
  .externalRef("Household", builder.selection<{ id: string }>("id"))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

export const Department = builder
  .externalRef("Department", builder.selection<{ id: string }>("id"))
  .implement({ externalFields: (t) => ({ id: t.id() }) });

export const Visit = builder
  .externalRef("Visit", builder.selection<{ id: string }>("id"))
  .implement({ externalFields: (t) => ({ id: t.id() }) });
