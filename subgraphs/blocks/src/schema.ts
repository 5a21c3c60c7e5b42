import { builder } from "./builder";
import "./jurisdiction/jurisdiction";
import "./team/team";
import "./department/department";
import "./open-data/open-data";

export const blocksSchema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
