// Stubs of the blocks subgraph's places: only the key, to extend them and to point at them.
import { builder } from "./builder";

const key = builder.selection<{ code: string }>("code");
const place = (name: "District" | "Street" | "Community" | "Block") =>
  builder.externalRef(name, key).implement({ externalFields: (t) => ({ code: t.id() }) });

export const District = place("District");
export const Street = place("Street");
export const Community = place("Community");
export const Block = place("Block");
