// The processes `npm start` runs, in start order: the four subgraphs, then the gateway.
export const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 4000);

export const SUBGRAPH_SERVICES = [
  { name: "blocks", entry: "subgraphs/blocks/src/main.ts", port: GATEWAY_PORT + 1 },
  { name: "residents", entry: "subgraphs/residents/src/main.ts", port: GATEWAY_PORT + 2 },
  { name: "delegates", entry: "subgraphs/delegates/src/main.ts", port: GATEWAY_PORT + 3 },
  { name: "escalations", entry: "subgraphs/escalations/src/main.ts", port: GATEWAY_PORT + 4 },
];
