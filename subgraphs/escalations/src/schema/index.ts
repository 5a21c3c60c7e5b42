import { builder } from "../builder";
import "./case";
import "./mutations";
import "./stats";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
