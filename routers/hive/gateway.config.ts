// `npx hive-gateway supergraph` reads this file from the directory it runs in (routers/hive):
//   GATEWAY_SECRET=… npx hive-gateway supergraph ../../schema/supergraph.graphql --port 4000
// See docs/routers.md for what it enforces and what it does not.
import { defineConfig } from "@graphql-hive/gateway";
import { hiveGatewayOptions } from "./options";

const gatewaySecret = process.env.GATEWAY_SECRET;
if (!gatewaySecret) throw new Error("GATEWAY_SECRET is required: the subgraphs answer only requests that carry it.");

export const gatewayConfig = defineConfig({
  ...hiveGatewayOptions({
    gatewaySecret,
    subgraphTimeoutMs: process.env.SUBGRAPH_TIMEOUT_MS ? Number(process.env.SUBGRAPH_TIMEOUT_MS) : undefined,
    trustForwardedFor: process.env.TRUST_FORWARDED_FOR === "on",
  }),
});
