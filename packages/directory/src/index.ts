// What a subgraph needs to know that others own: whether a place exists and which district
// department receives a category (the blocks subgraph), and which block a household lives in (the
// residents subgraph). Read through their own APIs (never their databases) and cached, since the
// tree, the routing and where households live change rarely.
import { levelOf, TYPENAME_OF_LEVEL } from "@grassroots/jurisdiction";
import { authSettingsFromEnv, isUuid, serviceTokenSource } from "@grassroots/platform";
import { subgraphUrl } from "@grassroots/services";
import DataLoader from "dataloader";
import { callSubgraph } from "./service-call";

export interface Directory {
  placeExists(code: string): Promise<boolean>;
  /** The block a registered household lives in, or null when there is no such household. */
  householdBlock(householdId: string): Promise<string | null>;
  departmentExists(id: string): Promise<boolean>;
  /** The department of a district that receives cases of this category, or null when none does. */
  departmentFor(districtCode: string, category: string): Promise<string | null>;
  /** The place a delegate room serves (the delegates subgraph's data), or null when there is no such room. */
  roomPlace(roomId: string): Promise<string | null>;
}

export interface RemoteDirectoryOptions {
  /** The blocks subgraph's GraphQL URL. */
  blocksUrl: string;
  /** The residents subgraph's GraphQL URL. */
  residentsUrl: string;
  /** The delegates subgraph's GraphQL URL; only needed for `roomPlace`. */
  delegatesUrl?: string;
  gatewaySecret: string;
  /** A token the blocks subgraph accepts for this service (refreshed by the caller as it expires). */
  serviceToken: () => Promise<string>;
  ttlMs?: number;
  timeoutMs?: number;
}

export function createRemoteDirectory(options: RemoteDirectoryOptions): Directory {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const cache = new Map<string, { value: unknown; expires: number }>();

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as T;
    const value = await load();
    cache.set(key, { value, expires: Date.now() + ttl });
    return value;
  }

  const call = { ...options, timeoutMs: options.timeoutMs ?? 5000 };
  const ask = <T>(query: string, variables: Record<string, unknown>, url = options.blocksUrl) =>
    callSubgraph<T>(url, call, "directory lookup", query, variables);

  // A batch of visits names many households: one request to the residents subgraph for all of them.
  const households = new DataLoader<string, string | null>(
    async (ids) => {
      const data = await ask<{ _entities: ({ block: { code: string } } | null)[] }>(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Household { block { code } } } }`,
        { reps: ids.map((id) => ({ __typename: "Household", id })) },
        options.residentsUrl,
      );
      return data._entities.map((entity) => entity?.block.code ?? null);
    },
    { cache: false },
  );

  const exists = (typename: string, key: Record<string, string>) =>
    cached(`${typename}:${JSON.stringify(key)}`, async () => {
      const data = await ask<{ _entities: (object | null)[] }>(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`,
        { reps: [{ __typename: typename, ...key }] },
      );
      return data._entities[0] !== null;
    });

  return {
    placeExists: (code) => {
      const level = levelOf(code);
      return level ? exists(TYPENAME_OF_LEVEL[level], { code }) : Promise.resolve(false);
    },
    departmentExists: (id) => exists("Department", { id }),
    householdBlock: (householdId) => cached(`household:${householdId}`, () => households.load(householdId)),
    roomPlace: (roomId) =>
      isUuid(roomId) && options.delegatesUrl
        ? cached(`room:${roomId}`, async () => {
            const data = await ask<{ _entities: ({ placeCode: string } | null)[] }>(
              `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on DelegateRoom { placeCode } } }`,
              { reps: [{ __typename: "DelegateRoom", id: roomId }] },
              options.delegatesUrl,
            );
            return data._entities[0]?.placeCode ?? null;
          })
        : Promise.resolve(null),
    departmentFor: (districtCode, category) =>
      cached(`route:${districtCode}:${category}`, async () => {
        const data = await ask<{ departmentFor: { id: string } | null }>(
          `query($district: ID!, $category: CaseCategory!) { departmentFor(districtCode: $district, category: $category) { id } }`,
          { district: districtCode, category },
        );
        return data.departmentFor?.id ?? null;
      }),
  };
}

/**
 * The deployed directory of a service: the blocks and residents subgraphs where the service list
 * puts them (GATEWAY_PORT, SUBGRAPH_URL_<NAME>), the gateway secret, and a service token for `service`.
 */
export function directoryFromEnv(service: string, env = process.env): Directory {
  const { tokens, gatewaySecret } = authSettingsFromEnv(env);
  return createRemoteDirectory({
    blocksUrl: subgraphUrl("blocks", env),
    residentsUrl: subgraphUrl("residents", env),
    delegatesUrl: subgraphUrl("delegates", env),
    gatewaySecret,
    serviceToken: serviceTokenSource({ sub: `service:${service}`, role: "admin" }, tokens, env),
  });
}

/** An outbox event as the notification inbox takes it (ids, places and times; `data` a JSON object). */
export interface InboxDelivery {
  outboxId: string;
  kind: string;
  audienceRole: string;
  audienceScope: string;
  occurredAt: Date;
  pairingId: string | null;
  partnerId: string | null;
  placeCode: string | null;
  data: unknown;
}

export interface InboxClientOptions {
  /** The escalations subgraph's GraphQL URL: it owns the notification inbox. */
  escalationsUrl: string;
  /** The delivering subgraph's name: the inbox keys each notification by it and the outbox id. */
  source: string;
  gatewaySecret: string;
  serviceToken: () => Promise<string>;
  timeoutMs?: number;
}

/**
 * Delivers outbox events to the notification inbox (deliverNotifications, which the gateway never
 * offers) with the gateway secret and a service token; answers the outbox ids the inbox now holds,
 * throws when it did not answer so.
 */
export function createInboxClient(options: InboxClientOptions) {
  const call = { ...options, timeoutMs: options.timeoutMs ?? 10_000 };
  return async (events: InboxDelivery[]): Promise<string[]> => {
    const data = await callSubgraph<{ deliverNotifications: string[] }>(
      options.escalationsUrl,
      call,
      "the notification inbox",
      `mutation($source: String!, $notifications: [NotificationDelivery!]!) {
        deliverNotifications(source: $source, notifications: $notifications) }`,
      {
        source: options.source,
        notifications: events.map((event) => ({ ...event, data: JSON.stringify(event.data ?? {}) })),
      },
    );
    return data.deliverNotifications;
  };
}

/** The deployed inbox of a service: the escalations subgraph where the service list puts it. */
export function inboxFromEnv(service: string, env = process.env) {
  const { tokens, gatewaySecret } = authSettingsFromEnv(env);
  return createInboxClient({
    escalationsUrl: subgraphUrl("escalations", env),
    source: service,
    gatewaySecret,
    serviceToken: serviceTokenSource({ sub: `service:${service}`, role: "admin" }, tokens, env),
  });
}
