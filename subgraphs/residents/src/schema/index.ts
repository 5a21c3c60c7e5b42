import { builder } from "../builder";
import "./household";
import "./places";
import "./partner";
import "./member";
import "./pairing";
import "./check-in";

export const schema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
