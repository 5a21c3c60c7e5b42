import { builder } from "../builder";
import "./jurisdiction";
import "./team";
import "./department";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
