// The per-block counts the blocks subgraph publishes as open data, asked of the subgraphs that own
// them through their internal addresses (fields the gateway never offers) with a service token.
import { callSubgraph } from "./service-call";

export interface OpenDataSourceOptions {
  /** A subgraph's GraphQL URL, asked at each call (in tests the others start after the blocks subgraph). */
  subgraphUrl: (name: "delegates" | "escalations") => string;
  gatewaySecret: string;
  serviceToken: () => Promise<string>;
  timeoutMs?: number;
}

/** A subgraph that did not give its counts: the open-data table is not published without them. */
export class OpenDataSourceUnavailable extends Error {
  constructor(
    readonly subgraph: string,
    cause: unknown,
  ) {
    super(`the ${subgraph} subgraph did not give its open-data counts`, { cause });
  }
}

export function createOpenDataSources(options: OpenDataSourceOptions) {
  // Well inside the gateway's own wait for the blocks subgraph, so the error names who was slow.
  const call = { ...options, timeoutMs: options.timeoutMs ?? 5_000 };
  async function ask<T>(subgraph: "delegates" | "escalations", query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await callSubgraph<T>(options.subgraphUrl(subgraph), call, `the ${subgraph} subgraph`, query, variables);
    } catch (error) {
      throw new OpenDataSourceUnavailable(subgraph, error);
    }
  }

  return {
    visitedHouseholds: async (from: string, to: string) =>
      (
        await ask<{ visitedHouseholdCountsPerBlock: { blockCode: string; visited: number }[] }>(
          "delegates",
          "query($from: Date!, $to: Date!) { visitedHouseholdCountsPerBlock(from: $from, to: $to) { blockCode visited } }",
          { from, to },
        )
      ).visitedHouseholdCountsPerBlock,
    cases: async (from: string, to: string) =>
      (
        await ask<{ caseCountsPerBlock: { blockCode: string; raised: number }[] }>(
          "escalations",
          "query($from: Date!, $to: Date!) { caseCountsPerBlock(from: $from, to: $to) { blockCode raised } }",
          { from, to },
        )
      ).caseCountsPerBlock,
  };
}
