import { builder } from "../builder";
import "./room";
import "./visit";
import "./log-visit";
import "./coverage";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
