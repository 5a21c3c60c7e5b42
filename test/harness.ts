// Starts the real graph for end-to-end tests: the four subgraphs on fresh databases (PGlite in
// memory, or PostgreSQL when TEST_DATABASE_URL is set), seeded with the demo district at a test
// scale, and the gateway in front of them, all on free ports over real HTTP.
import { createBlocksSubgraph } from "@grassroots/blocks";
import { seedBlocks } from "@grassroots/blocks/seed";
import { createDelegatesSubgraph } from "@grassroots/delegates";
import { seedDelegates } from "@grassroots/delegates/seed";
import { DEMO_USERS, type DemoScale, SCALES } from "@grassroots/demo-district";
import { createRemoteDirectory } from "@grassroots/directory";
import { createOpenDataSources } from "@grassroots/directory/open-data";
import { type Clock, createEscalationsSubgraph } from "@grassroots/escalations";
import { seedEscalations } from "@grassroots/escalations/seed";
import { type GatewayOptions, startGateway } from "@grassroots/gateway";
import { type Database, serviceTokenSource } from "@grassroots/platform";
import { ADMIN, createTestAuth, graphql, startTestSubgraph, type TestClaims } from "@grassroots/platform/testing";
import { createResidentsSubgraph, DEFAULT_REGISTRATION_LIMITS, type ResidentsSettings } from "@grassroots/residents";
import { seedResidents } from "@grassroots/residents/seed";

export async function startGraph(
  options: {
    scale?: DemoScale;
    gateway?: Partial<GatewayOptions>;
    clock?: Clock;
    residents?: Partial<ResidentsSettings>;
    /** Serve these built web apps (a directory) at / with the development sign-in (the demo accounts, signed with the test secret). */
    webDir?: string;
  } = {},
) {
  const scale = options.scale ?? SCALES.test;
  // A clock or residents' settings of the file's own may change what the seeds write.
  const seedKey = !options.clock && !options.residents ? JSON.stringify(scale) : undefined;
  const seeded = seedKey ? seededDistricts.get(seedKey) : undefined;
  const auth = createTestAuth();
  // openData asks the other subgraphs, which start after the blocks subgraph: their URLs are read when asked.
  const urls: Record<string, string> = {};
  const openDataSources = createOpenDataSources({
    subgraphUrl: (name) => urls[name]!,
    gatewaySecret: auth.gatewaySecret,
    serviceToken: serviceTokenSource({ sub: "service:test-blocks", role: "admin" }, auth.tokens),
  });
  const [blocks, residents] = await Promise.all([
    startTestSubgraph(createBlocksSubgraph({ openData: { sources: openDataSources } }), seedBlocks(scale), auth, seeded?.blocks),
    // Every test client comes from 127.0.0.1: the per-address registration limit would count them as one.
    startTestSubgraph(
      createResidentsSubgraph({
        settings: {
          registrationLimits: { ...DEFAULT_REGISTRATION_LIMITS, perAddress: { max: 10_000, windowSeconds: 600 } },
          ...options.residents,
        },
      }),
      seedResidents(scale),
      auth,
      seeded?.residents,
    ),
  ]);
  // Delegates and escalations learn about places, departments and households from the blocks and
  // residents subgraphs' APIs, as deployed.
  const directory = createRemoteDirectory({
    blocksUrl: blocks.url,
    residentsUrl: residents.url,
    gatewaySecret: auth.gatewaySecret,
    serviceToken: serviceTokenSource({ sub: "service:test", role: "admin" }, auth.tokens),
  });
  const [delegates, escalations] = await Promise.all([
    startTestSubgraph(createDelegatesSubgraph({ directory }), seedDelegates(scale), auth, seeded?.delegates),
    startTestSubgraph(
      createEscalationsSubgraph({ directory, clock: options.clock }),
      seedEscalations(scale),
      auth,
      seeded?.escalations,
    ),
  ]);
  const subgraphs = { blocks, residents, delegates, escalations };
  if (seedKey && !seeded) await keepSeededDistrict(seedKey, subgraphs);
  for (const subgraph of Object.values(subgraphs)) urls[subgraph.name] = subgraph.url;
  // The gateway checks room staff's place claims against the delegates subgraph.
  const rooms = createRemoteDirectory({
    blocksUrl: blocks.url,
    residentsUrl: residents.url,
    delegatesUrl: delegates.url,
    gatewaySecret: auth.gatewaySecret,
    serviceToken: serviceTokenSource({ sub: "service:test-gateway", role: "admin" }, auth.tokens),
  });
  const gatewayAuth = { verifyToken: auth.subgraph.verifyToken, gatewaySecret: auth.gatewaySecret };
  const startOwnGateway = (overrides: Partial<GatewayOptions> = {}) =>
    startGateway({
      auth: gatewayAuth,
      rooms,
      // Most files send no heavy operation: their gateway never starts the lane's thread (2 s). A
      // file that configures the lane tests it, and gets it started as deployed.
      heavyLaneOnFirstUse: overrides.heavyLane === undefined,
      ...overrides,
      subgraphUrls: { ...subgraphUrls(), ...overrides.subgraphUrls },
    });
  const subgraphUrls = () => Object.fromEntries(Object.values(subgraphs).map((subgraph) => [subgraph.name, subgraph.url]));
  const gateway = await startOwnGateway({
    ...(options.webDir && {
      web: { dir: options.webDir, devSignIn: { accounts: DEMO_USERS, sign: (claims: TestClaims) => auth.token(claims, "1h") } },
    }),
    ...options.gateway,
  });
  return {
    scale,
    directory,
    url: gateway.url,
    subgraphs,
    auth,
    /** Another gateway in front of the same subgraphs, e.g. with one subgraph URL pointing elsewhere. */
    startOwnGateway,
    /** A query through the gateway as a caller with these claims (default: an admin; null: no token). */
    query: async <Data = Record<string, any>>(
      query: string,
      variables?: Record<string, unknown>,
      as: TestClaims | null = ADMIN,
    ) => graphql<Data>(gateway.url, query, variables, await auth.headers(as)),
    close: async () => {
      await gateway.close();
      await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.close()));
    },
  };
}

export type RunningGraph = Awaited<ReturnType<typeof startGraph>>;

/**
 * The four seeded databases of the first graph a worker started at each scale, as PGlite snapshots
 * by subgraph name: later test files start from copies instead of seeding again, which was half of
 * a file's start. Files share a worker's modules (vitest's isolate: false), so this outlives the
 * file that made it; it is taken before the gateway starts, so no test has written to it. On
 * PostgreSQL (no snapshot) every file seeds.
 */
const seededDistricts = new Map<string, Record<string, Uint8Array | undefined>>();

async function keepSeededDistrict(key: string, subgraphs: Record<string, { database: Database }>) {
  const snapshots = await Promise.all(
    Object.entries(subgraphs).map(async ([name, { database }]) => [name, await database.snapshot?.()] as const),
  );
  if (snapshots.every(([, snapshot]) => snapshot)) seededDistricts.set(key, Object.fromEntries(snapshots));
}
