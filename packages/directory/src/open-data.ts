// The per-block counts the blocks subgraph publishes as open data, asked of the subgraphs that own
// them through their internal addresses (fields the gateway never offers) with a service token.
import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";

export interface OpenDataSourceOptions {
  /** A subgraph's GraphQL URL, asked at each call (in tests the others start after the blocks subgraph). */
  subgraphUrl: (name: "residents" | "delegates" | "escalations") => string;
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
  async function ask<T>(subgraph: "residents" | "delegates" | "escalations", query: string, variables = {}): Promise<T> {
    try {
      const response = await fetch(options.subgraphUrl(subgraph), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [GATEWAY_SECRET_HEADER]: options.gatewaySecret,
          authorization: `Bearer ${await options.serviceToken()}`,
        },
        body: JSON.stringify({ query, variables }),
        // Well inside the gateway's own wait for the blocks subgraph, so the error names who was slow.
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (!response.ok || body.errors || !body.data)
        throw new Error(`answered ${response.status}: ${JSON.stringify(body.errors)}`);
      return body.data;
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
