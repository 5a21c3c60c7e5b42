// Wires the concepts up: each registers its types and fields on the builder when imported.
import { builder } from "./builder";
import "./room/room";
import "./visit/visit";
import "./visit/mutations";
import "./visit-coverage/coverage";
import "./visit-coverage/open-data";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
