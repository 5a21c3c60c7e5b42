import { builder } from "../builder";
import "./household";
import "./places";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
