// Wires the concepts up: each import adds its types and fields to the builder. The order is the
// order of fields on shared types (places, Query, Mutation) in the printed supergraph.
import { builder } from "./builder";
import "./household/household";
import "./household/places";
import "./household/search";
import "./partner/partner";
import "./partner/mutations";
import "./account/account";
import "./account/mutations";
import "./pairing/coverage";
import "./member/member";
import "./member/mutations";
import "./household/block";
import "./pairing/pairing";
import "./pairing/opportunity";
import "./pairing/mutations";
import "./check-in/check-in";
import "./check-in/mutations";
import "./webhook/webhook";

export const residentsSchema = builder.toSubGraphSchema({ linkUrl: "https://specs.apollo.dev/federation/v2.6" });
