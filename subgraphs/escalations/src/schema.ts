// Wires the concepts up into the subgraph's schema.
import { builder } from "./builder";
import "./calendar/calendar";
import "./calendar/mutations";
import "./case/case";
import "./case/duplicates";
import "./case/mutations";
import "./notification/notification";
import "./stats/stats";
import "./stats/open-data";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
