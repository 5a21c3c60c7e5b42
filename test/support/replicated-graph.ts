// The graph as deployed on more than one machine: one PostgreSQL database per subgraph, and on each
// "machine" a replica of every subgraph (its own server, Prisma client and connection pool) with a
// gateway in front of that machine's replicas. What one machine wrote, the other must honour: the
// subgraphs keep no state of their own. Also, optionally, a read replica's URL for each subgraph.
import { createBlocksSubgraph } from "@grassroots/blocks";
import { seedBlocks } from "@grassroots/blocks/seed";
import { createDelegatesSubgraph } from "@grassroots/delegates";
import { seedDelegates } from "@grassroots/delegates/seed";
import { SCALES } from "@grassroots/demo-district";
import { createRemoteDirectory, type Directory } from "@grassroots/directory";
import { createEscalationsSubgraph } from "@grassroots/escalations";
import { seedEscalations } from "@grassroots/escalations/seed";
import { type GatewayOptions, startGateway } from "@grassroots/gateway";
import {
  type PrismaLike,
  type RunningSubgraph,
  type SubgraphDefinition,
  type SubgraphOptions,
  serviceTokenSource,
  startSubgraph,
} from "@grassroots/platform";
import { ADMIN, createTestAuth, createTestDatabase, graphql, type TestClaims } from "@grassroots/platform/testing";
import { createResidentsSubgraph, DEFAULT_REGISTRATION_LIMITS } from "@grassroots/residents";
import { seedResidents } from "@grassroots/residents/seed";

export interface ReplicatedGraphOptions {
  /** Machines, each with a replica of every subgraph and a gateway; default 2. */
  machines?: number;
  /** The PostgreSQL server the databases are made on; default TEST_DATABASE_URL. */
  adminUrl?: string;
  /** A read replica's URL for a subgraph's database (its primary URL given), if any. */
  readUrl?: (primaryUrl: string) => string;
  gateway?: Partial<GatewayOptions>;
}

const scale = SCALES.test;

export async function startReplicatedGraph(options: ReplicatedGraphOptions = {}) {
  const adminUrl = options.adminUrl ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("Replicas share a PostgreSQL database per subgraph: set TEST_DATABASE_URL.");
  const machineCount = options.machines ?? 2;
  const auth = createTestAuth();
  const definitions = {
    blocks: () => createBlocksSubgraph(),
    residents: () =>
      createResidentsSubgraph({
        settings: { registrationLimits: { ...DEFAULT_REGISTRATION_LIMITS, perAddress: { max: 10_000, windowSeconds: 600 } } },
      }),
    delegates: (directory: Directory) => createDelegatesSubgraph({ directory }),
    escalations: (directory: Directory) => createEscalationsSubgraph({ directory }),
  };
  // Only the migrations are read from these: delegates and escalations are made again per machine.
  const noDirectory = {} as Directory;
  const migrationsDirs = {
    blocks: definitions.blocks().migrationsDir,
    residents: definitions.residents().migrationsDir,
    delegates: definitions.delegates(noDirectory).migrationsDir,
    escalations: definitions.escalations(noDirectory).migrationsDir,
  };
  const databases = Object.fromEntries(
    await Promise.all(
      Object.entries(migrationsDirs).map(
        async ([name, migrationsDir]) => [name, await createTestDatabase(name, migrationsDir, adminUrl)] as const,
      ),
    ),
  ) as Record<keyof typeof definitions, Awaited<ReturnType<typeof createTestDatabase>>>;
  const location = (name: keyof typeof definitions): { url: string } => databases[name].location as { url: string };
  const readDatabase = (name: keyof typeof definitions): { url: string; poolSize: number } | undefined =>
    options.readUrl ? { url: options.readUrl(location(name).url), poolSize: 3 } : undefined;

  const started: RunningSubgraph<PrismaLike>[] = [];
  // Every replica of a subgraph starts at once on its one empty database, each asked to seed it (as
  // with SEED=demo): one applies the migrations and seeds, the others wait (advisory locks) and
  // find both done.
  const start = <Client extends PrismaLike, Context extends object>(
    name: keyof typeof definitions,
    definition: (machine: number) => SubgraphDefinition<Client, Context>,
    seed: SubgraphOptions<Client>["seed"],
  ) =>
    Promise.all(
      Array.from({ length: machineCount }, async (_, machine) => {
        const running = await startSubgraph(definition(machine), {
          database: location(name),
          readDatabase: readDatabase(name),
          seed,
          auth: auth.subgraph,
          logQueries: true,
        });
        started.push(running);
        return running;
      }),
    );
  try {
    const [blocks, residents] = await Promise.all([
      start("blocks", definitions.blocks, seedBlocks(scale)),
      start("residents", definitions.residents, seedResidents(scale)),
    ]);
    // Each machine's delegates and escalations ask that machine's blocks and residents.
    const directories = blocks.map((replica, machine) =>
      createRemoteDirectory({
        blocksUrl: replica.url,
        residentsUrl: residents[machine]!.url,
        gatewaySecret: auth.gatewaySecret,
        serviceToken: serviceTokenSource({ sub: `service:test-machine-${machine}`, role: "admin" }, auth.tokens),
      }),
    );
    const [delegates, escalations] = await Promise.all([
      start("delegates", (machine) => definitions.delegates(directories[machine]!), seedDelegates(scale)),
      start("escalations", (machine) => definitions.escalations(directories[machine]!), seedEscalations(scale)),
    ]);

    const gateways: { url: string; close(): Promise<void> }[] = [];
    const machines = directories.map((directory, machine) => {
      const subgraphs = {
        blocks: blocks[machine]!,
        residents: residents[machine]!,
        delegates: delegates[machine]!,
        escalations: escalations[machine]!,
      };
      const subgraphUrls = Object.fromEntries(Object.values(subgraphs).map((subgraph) => [subgraph.name, subgraph.url]));
      const rooms = createRemoteDirectory({
        blocksUrl: subgraphs.blocks.url,
        residentsUrl: subgraphs.residents.url,
        delegatesUrl: subgraphs.delegates.url,
        gatewaySecret: auth.gatewaySecret,
        serviceToken: serviceTokenSource({ sub: `service:test-gateway-${machine}`, role: "admin" }, auth.tokens),
      });
      /** A gateway in front of this machine's replicas. */
      const startOwnGateway = async (overrides: Partial<GatewayOptions> = {}) => {
        const gateway = await startGateway({
          auth: { verifyToken: auth.subgraph.verifyToken, gatewaySecret: auth.gatewaySecret },
          rooms,
          ...options.gateway,
          ...overrides,
          subgraphUrls,
        });
        gateways.push(gateway);
        return {
          url: gateway.url,
          query: async <Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, as: TestClaims = ADMIN) =>
            graphql<Data>(gateway.url, query, variables, await auth.headers(as)),
        };
      };
      return { subgraphs, directory, startOwnGateway };
    });
    const fronted = await Promise.all(machines.map(async (machine) => ({ ...machine, ...(await machine.startOwnGateway()) })));
    return {
      scale,
      auth,
      databases: Object.fromEntries(Object.keys(databases).map((name) => [name, location(name as never).url])) as Record<
        keyof typeof definitions,
        string
      >,
      machines: fronted,
      close: async () => {
        await Promise.all(gateways.map((gateway) => gateway.close()));
        await Promise.all(started.map((subgraph) => subgraph.close()));
        await Promise.all(Object.values(databases).map((database) => database.drop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((subgraph) => subgraph.close()));
    await Promise.all(Object.values(databases).map((database) => database.drop()));
    throw error;
  }
}

export type ReplicatedGraph = Awaited<ReturnType<typeof startReplicatedGraph>>;
