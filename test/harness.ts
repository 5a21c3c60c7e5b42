// Starts the real graph for end-to-end tests: the four subgraphs on fresh databases (PGlite in
// memory, or PostgreSQL when TEST_DATABASE_URL is set), seeded with the demo district at a test
// scale, and the gateway in front of them, all on free ports over real HTTP.
import { blocksSubgraph, seedBlocks } from "@grassroots/blocks";
import { delegatesSubgraph, seedDelegates } from "@grassroots/delegates";
import { type DemoScale, SCALES } from "@grassroots/demo-district";
import { escalationsSubgraph, seedEscalations } from "@grassroots/escalations";
import { type GatewayOptions, startGateway } from "@grassroots/gateway";
import { graphql, startTestSubgraph } from "@grassroots/platform/testing";
import { residentsSubgraph, seedResidents } from "@grassroots/residents";

export async function startGraph(options: { scale?: DemoScale; gateway?: GatewayOptions } = {}) {
  const scale = options.scale ?? SCALES.test;
  const [blocks, residents, delegates, escalations] = await Promise.all([
    startTestSubgraph(blocksSubgraph, seedBlocks(scale)),
    startTestSubgraph(residentsSubgraph, seedResidents(scale)),
    startTestSubgraph(delegatesSubgraph, seedDelegates(scale)),
    startTestSubgraph(escalationsSubgraph, seedEscalations(scale)),
  ]);
  const subgraphs = { blocks, residents, delegates, escalations };
  const gateway = await startGateway({
    ...options.gateway,
    subgraphUrls: {
      blocks: blocks.url,
      residents: residents.url,
      delegates: delegates.url,
      escalations: escalations.url,
      ...options.gateway?.subgraphUrls,
    },
  });
  return {
    scale,
    url: gateway.url,
    subgraphs,
    subgraphUrls: () => Object.fromEntries(Object.values(subgraphs).map((subgraph) => [subgraph.name, subgraph.url])),
    query: <Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
      graphql<Data>(gateway.url, query, variables, headers),
    close: async () => {
      await gateway.close();
      await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.close()));
    },
  };
}

export type RunningGraph = Awaited<ReturnType<typeof startGraph>>;
