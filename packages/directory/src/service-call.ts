// One GraphQL request from a service of the deployment to a subgraph's internal address: the
// gateway secret (only the deployment's own processes hold it) and a short-lived service token.

import { GATEWAY_SECRET_HEADER } from "@grassroots/platform";

export interface ServiceCall {
  gatewaySecret: string;
  /** A token the subgraph accepts for this service (refreshed by the caller as it expires). */
  serviceToken: () => Promise<string>;
  timeoutMs: number;
}

/** The data a subgraph answered; throws, saying what `purpose` got, when it answered no data or any error. */
export async function callSubgraph<T>(
  url: string,
  call: ServiceCall,
  purpose: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [GATEWAY_SECRET_HEADER]: call.gatewaySecret,
      authorization: `Bearer ${await call.serviceToken()}`,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(call.timeoutMs),
  });
  const body = (await response.json()) as { data?: T; errors?: { message?: string }[] };
  if (!response.ok || body.errors || !body.data) {
    const first = body.errors?.[0]?.message;
    throw new Error(`${purpose} answered ${response.status}${first ? `: ${first}` : ""}`);
  }
  return body.data;
}
