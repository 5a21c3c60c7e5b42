// The product's processes and where they listen: the gateway on GATEWAY_PORT (default 4000) and
// the four subgraphs on the next four ports, in this order. Every process computes the others'
// addresses from the same environment, so one GATEWAY_PORT moves the whole stack.
// SUBGRAPH_URL_<NAME> points one subgraph elsewhere (a deployment with separate hosts); HOST is
// where every process listens.

export const SUBGRAPHS = ["blocks", "residents", "delegates", "escalations"] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const DEFAULT_GATEWAY_PORT = 4000;
export const LOCAL_HOST = "127.0.0.1";

type Env = Record<string, string | undefined>;

export function gatewayPort(env: Env = process.env): number {
  return portFrom(env, "GATEWAY_PORT") ?? DEFAULT_GATEWAY_PORT;
}

/** Where this deployment's processes listen: HOST, default 127.0.0.1 (0.0.0.0 or :: for every interface). */
export function listenHost(env: Env = process.env): string {
  return env.HOST?.trim() || LOCAL_HOST;
}

/** Where a process started beside the others is reached: HOST, or 127.0.0.1 when HOST is every interface. */
export function reachableHost(env: Env = process.env): string {
  const host = listenHost(env);
  if (host === "0.0.0.0" || host === "::") return LOCAL_HOST;
  return host.includes(":") ? `[${host}]` : host;
}

/** The port a subgraph listens on when started beside the gateway. */
export function subgraphPort(name: SubgraphName, env: Env = process.env): number {
  return gatewayPort(env) + 1 + SUBGRAPHS.indexOf(name);
}

/** The environment variable that points the others at a subgraph deployed elsewhere. */
export function subgraphUrlVariable(name: SubgraphName): string {
  return `SUBGRAPH_URL_${name.toUpperCase()}`;
}

/** Where the other processes reach a subgraph's GraphQL endpoint. */
export function subgraphUrl(name: SubgraphName, env: Env = process.env): string {
  return env[subgraphUrlVariable(name)] || `http://${reachableHost(env)}:${subgraphPort(name, env)}/graphql`;
}

/** Every subgraph's URL, by name. */
export function subgraphUrls(env: Env = process.env): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPHS.map((name) => [name, subgraphUrl(name, env)])) as Record<SubgraphName, string>;
}

function portFrom(env: Env, variable: string): number | undefined {
  const text = env[variable];
  if (text === undefined || text === "") return undefined;
  const port = Number(text);
  // The four subgraphs take the next four ports: leave room for them.
  if (!Number.isInteger(port) || port < 1 || port > 65_530) {
    throw new Error(`${variable} must be a port number between 1 and 65530; got "${text}".`);
  }
  return port;
}
