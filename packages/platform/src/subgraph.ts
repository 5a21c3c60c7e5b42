// Starts one subgraph: opens its database, applies pending migrations, seeds when asked, and
// serves its schema over HTTP. Used by each subgraph's main.ts, by `npm start` and by the tests.
import { pathToFileURL } from "node:url";
import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { JWTPayload } from "jose";
import type { SubgraphConfig } from "./config";
import {
  type Database,
  type DatabaseLocation,
  openDatabase,
  type RawReads,
  type RawTransactions,
  type SqlStatement,
} from "./database";
import { createErrorMask } from "./errors";
import { type CloseOptions, type RunningServer, serveGraphQL, withTimeout } from "./http";
import { refuseUnstorableInput } from "./inputs";
import { isLaneThread, type LaneAnswer, type LaneRequest, serveLane, startLane } from "./lane";
import { createLogger, type Logger } from "./logger";
import { applyMigrations } from "./migrations";
import { openReadReplica, type ReadReplica, readsFromReplica } from "./read-replica";
import { noteRole, type Observation, observationPlugin } from "./request-log";
import { seedOnce, withSeedLock } from "./seeding";
import { closeOnSignal } from "./shutdown";
import { subgraphLimits } from "./subgraph-limits";
import { lowerHelperThreads, warnWithoutLaneFlags } from "./threads";
import { cachingTokenVerifier } from "./token-cache";
import {
  authSettingsFromEnv,
  CLIENT_ADDRESS_HEADER,
  createTokenVerifier,
  GATEWAY_SECRET_HEADER,
  secretsMatch,
  type TokenVerifier,
} from "./tokens";

export interface PrismaLike {
  $disconnect(): Promise<void>;
  /** Every generated client's raw query, given a composed statement (Prisma.sql). */
  $queryRaw<Row = unknown>(query: SqlStatement): PromiseLike<Row>;
}

export interface SubgraphDefinition<Client extends PrismaLike, Context extends BaseContext> {
  name: string;
  migrationsDir: string;
  schema: GraphQLSchema;
  /** Batch arguments (Type.field.argument) whose items the resolvers check and answer one by one. */
  answeredPerItem?: readonly string[];
  createPrisma(adapter: Database["adapter"], options: { logQueries: boolean }): Client;
  /** `claims` are the caller's verified token claims, or null when the request carried no token. */
  createContext(prisma: Client, claims: JWTPayload | null, request: RequestInfo): Promise<Context> | Context;
  /** Warnings or facts for /health/ready beyond "the database answers" (e.g. a calendar running out). */
  health?(prisma: Client): Promise<Record<string, unknown>>;
  /**
   * Recomputes every roll-up table of this subgraph from its rows (the writes keep them current in
   * their own transactions; this is for repair, after bulk loads, and for tests). Answers the rows
   * written per roll-up table.
   */
  rebuildRollUps?(prisma: Client): Promise<Record<string, number>>;
}

/** What a subgraph knows of the request beyond the token, as the gateway passed it on. */
export interface RequestInfo {
  /** The client's address as the gateway saw it; null when not given. */
  clientAddress: string | null;
  /**
   * Raw reads on the database the context's client reads (the primary, or the read replica for a
   * heavy read): node-postgres on PostgreSQL (database.ts, RawReads), the client itself on PGlite.
   */
  reads: RawReads;
  /**
   * Raw-SQL transactions on the primary (never a replica): node-postgres on PostgreSQL
   * (database.ts, RawTransactions), the client itself on PGlite.
   */
  transactions: RawTransactions;
}

/** How a subgraph knows its callers: only through the gateway, and each with a verified token. */
export interface SubgraphAuth {
  gatewaySecret: string;
  verifyToken: TokenVerifier;
}

export interface SubgraphOptions<Client> {
  database: DatabaseLocation;
  /** A read replica of `database` for heavy reads (src/read-replica.ts); PostgreSQL only. */
  readDatabase?: { url: string; poolSize?: number };
  auth: SubgraphAuth;
  port?: number;
  host?: string;
  /** Fills an empty database (the demo district); skipped when it returns without writing. */
  seed?: (prisma: Client, database: Database, logger: Logger) => Promise<void>;
  /** Answers requests marked for the heavy lane (src/lane.ts); without it the main thread does. */
  lane?: (request: LaneRequest) => Promise<LaneAnswer>;
  /** Emit Prisma query events, for tests that count SQL statements. */
  logQueries?: boolean;
  logger?: Logger;
  /** How long the database may take to answer a readiness check; default 1000 ms. */
  healthTimeoutMs?: number;
  /** METRICS_TOKEN: /metrics answers only with it when set. */
  metricsToken?: string;
}

export interface SubgraphCloseOptions extends CloseOptions {
  /** Work that must end before the database closes (a sweeper's run under way). */
  before?: Promise<unknown>;
}

export interface RunningSubgraph<Client> extends RunningServer {
  name: string;
  prisma: Client;
  database: Database;
  close(options?: SubgraphCloseOptions): Promise<void>;
}

/** Opens a subgraph's database, applies pending migrations and seeds it when asked. */
export async function openSubgraphStore<Client extends PrismaLike>(
  definition: Pick<SubgraphDefinition<Client, BaseContext>, "migrationsDir" | "createPrisma">,
  options: Pick<SubgraphOptions<Client>, "database" | "seed" | "logQueries"> & { logger: Logger },
) {
  const database = await openDatabase(options.database);
  try {
    const migrate = () => applyMigrations(database, definition.migrationsDir);
    const applied = await migrate();
    if (applied.length) options.logger.info({ applied, database: database.description }, "migrations applied");
    const prisma = definition.createPrisma(database.adapter, { logQueries: options.logQueries ?? false });
    const { seed } = options;
    if (seed) {
      await withSeedLock(options.database, () =>
        seedOnce(database, () => seed(prisma, database, options.logger), { logger: options.logger, migrate }),
      );
    }
    return {
      database,
      prisma,
      close: async () => {
        await prisma.$disconnect();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The subgraph's Apollo Server, the same on the main thread and on the heavy lane. */
function subgraphApollo<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  logger: Logger,
) {
  // The gateway's limits hold here too, whichever router sends the request (src/subgraph-limits.ts).
  const limits = subgraphLimits();
  return new ApolloServer<Context>({
    schema: definition.schema,
    formatError: createErrorMask(logger),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    includeStacktraceInErrorResponses: false,
    introspection: process.env.NODE_ENV !== "production",
    // Apollo's own SIGTERM handler stops the server at once and re-raises the signal, killing the
    // process before requests in flight finish: closeOnSignal drains and stops it instead.
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo's hosted studio, which this deployment does not use; cache hints
    // are not used either, and their plugin wraps every field's resolver. Input the database cannot
    // store is refused here too: only the gateway reaches us, but limits hold in each.
    plugins: [
      refuseUnstorableInput({ answeredPerItem: definition.answeredPerItem }),
      ...limits.plugins,
      observationPlugin(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
}

/**
 * A request's context from its headers: the caller's verified token and address as the gateway
 * passed them, and the primary's client, or the read replica's for a heavy read (src/read-replica.ts).
 */
function contextFromHeaders<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  primary: { prisma: Client; database: Database },
  auth: SubgraphAuth,
  replica?: ReadReplica<Client>,
) {
  // Each side's client and raw reads, one pair per database.
  const primarySide = { prisma: primary.prisma, reads: rawReadsOf(primary) };
  const transactions = rawTransactionsOf(primary);
  const replicaSide = replica && { prisma: replica.prisma, reads: rawReadsOf(replica) };
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  // The gateway verified the token too; each process keeps its own short-lived cache of verified ones.
  const verifyToken = cachingTokenVerifier(auth.verifyToken);
  type Request = { headers: Record<string, string | string[] | undefined>; body?: unknown };
  return async ({ headers, body }: Request, observation?: Observation) => {
    const claims = await verifyToken(first(headers.authorization));
    noteRole(observation, claims?.role);
    const side = replicaSide && readsFromReplica(headers, body) ? replicaSide : primarySide;
    return definition.createContext(side.prisma, claims, {
      clientAddress: first(headers[CLIENT_ADDRESS_HEADER]) ?? null,
      reads: side.reads,
      transactions,
    });
  };
}

/** A database's raw reads, or on PGlite (which has none) its Prisma client's $queryRaw. */
export function rawReadsOf({ prisma, database }: { prisma: PrismaLike; database: Database }): RawReads {
  return (
    database.rawReads ?? {
      $queryRaw: async <Row>(query: SqlStatement) => (await prisma.$queryRaw(query)) as Row,
      // Prisma's own query events report these.
      listen: () => {},
    }
  );
}

/** A database's raw-SQL transactions, or on PGlite its Prisma client's (every generated client has both calls). */
export function rawTransactionsOf({ prisma, database }: { prisma: PrismaLike; database: Database }): RawTransactions {
  return database.rawTransactions ?? (prisma as unknown as RawTransactions);
}

export async function startSubgraph<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  options: SubgraphOptions<Client>,
): Promise<RunningSubgraph<Client>> {
  const logger = options.logger ?? createLogger(definition.name);
  const store = await openSubgraphStore(definition, { ...options, logger });
  const { database, prisma } = store;
  let replica: ReadReplica<Client> | undefined;
  try {
    if (options.readDatabase) replica = await openReadReplica(options.readDatabase, definition.createPrisma, options.logQueries);
    const apollo = subgraphApollo(definition, logger);
    const server = await serveGraphQL({
      apollo,
      logger,
      service: definition.name,
      metricsToken: options.metricsToken,
      port: options.port ?? 0,
      host: options.host,
      // Entity batches from the gateway can be large; clients never reach a subgraph directly.
      bodyLimit: "2mb",
      // Anything not sent by the gateway is refused before its body is even read.
      guard: (request) =>
        secretsMatch(request.header(GATEWAY_SECRET_HEADER), options.auth.gatewaySecret)
          ? null
          : { status: 401, code: "UNAUTHENTICATED", message: "This service only answers the gateway." },
      context: contextFromHeaders(definition, { prisma, database }, options.auth, replica),
      lane: options.lane,
      // Ready when the database answers within the timeout; the subgraph's own facts come with it.
      healthTimeoutMs: options.healthTimeoutMs,
      health: async () => {
        try {
          await withTimeout(
            database.withConnection((connection) => connection.query("SELECT 1")),
            options.healthTimeoutMs ?? 1000,
          );
        } catch (error) {
          logger.warn({ err: error }, "the database does not answer");
          return { ready: false, details: { subgraph: definition.name, database: "unavailable" } };
        }
        const lane = options.lane ? { heavyLane: "on" } : {};
        const read = replica ? { readReplica: await replica.health(options.healthTimeoutMs ?? 1000) } : {};
        return { ready: true, details: { subgraph: definition.name, ...lane, ...read, ...(await definition.health?.(prisma)) } };
      },
    });
    return {
      ...server,
      name: definition.name,
      prisma,
      database,
      close: async (closeOptions?: SubgraphCloseOptions) => {
        await server.close(closeOptions);
        await closeOptions?.before;
        await replica?.close();
        await store.close();
      },
    };
  } catch (error) {
    await replica?.close();
    await store.close();
    throw error;
  }
}

/** The database a subgraph's configuration names: PostgreSQL at DATABASE_URL_<NAME>, else PGlite under DATA_DIR. */
export function databaseLocation(name: string, config: SubgraphConfig): DatabaseLocation {
  return config.databaseUrl
    ? { url: config.databaseUrl, poolSize: config.DATABASE_POOL_SIZE }
    : { dataDir: `${config.DATA_DIR}/${name}` };
}

/**
 * A subgraph process as deployed, from its configuration (read once by its main.ts): its database,
 * the port the service list gives it on HOST, the token and gateway secrets (generated for the
 * embedded default, never in production), the demo seed when configured; on SIGTERM it stops
 * accepting, lets requests in flight finish within SHUTDOWN_GRACE_MS, stops its background work,
 * closes its database and exits 0.
 */
export async function runSubgraph<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  config: SubgraphConfig,
  options: {
    port: number;
    seed?: SubgraphOptions<Client>["seed"];
    /** Background work beside the server (e.g. a sweeper); returns how to stop it (waiting for a run under way). */
    alongside?: (running: RunningSubgraph<Client>, logger: Logger) => () => Promise<void> | void;
  },
) {
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const { tokens, gatewaySecret } = authSettingsFromEnv(config);
  const auth = { gatewaySecret, verifyToken: createTokenVerifier(tokens) };
  const database = databaseLocation(definition.name, config);
  // This module again, in the heavy lane's thread: serve the lane, nothing else.
  if (isLaneThread()) return runLane(definition, database, auth, logger, config.databaseReadUrl);
  // A lane needs a database other threads can reach: PostgreSQL, not the embedded one.
  const lane = "url" in database && config.SUBGRAPH_HEAVY_LANE === "on" ? startLane(mainModule()) : undefined;
  const readDatabase = config.databaseReadUrl ? { url: config.databaseReadUrl, poolSize: LANE_POOL_SIZE } : undefined;
  const running = await startSubgraph(definition, {
    database,
    // With a lane, heavy requests are the lane's, which reads from the replica with its own client;
    // the main thread's then only checks that the replica answers, for /health/ready.
    readDatabase,
    port: options.port,
    host: config.HOST,
    seed: config.seed ? options.seed : undefined,
    auth,
    lane: lane && ((request) => lane.request(request)),
    logger,
    healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
    metricsToken: config.METRICS_TOKEN,
  });
  // Started once migrations are applied and the seed is in; the helper threads then yield to short
  // requests as the lane does.
  if (lane) {
    await lane.start();
    lowerHelperThreads();
    warnWithoutLaneFlags(logger);
  }
  logger.info(
    { url: running.url, database: running.database.description, heavyLane: Boolean(lane) },
    `${definition.name} subgraph ready`,
  );
  const stopAlongside = options.alongside?.(running, logger);
  closeOnSignal(
    logger,
    // Background work stops now (a run under way finishes) while requests in flight drain (the
    // heavy lane's among them); the lane and the database close after both.
    async () => {
      await running.close({ graceMs: config.SHUTDOWN_GRACE_MS, before: Promise.resolve(stopAlongside?.()) });
      await lane?.stop();
    },
    config.SHUTDOWN_GRACE_MS + 20_000,
  );
}

const LANE_POOL_SIZE = 3;

/** The heavy lane's thread: the subgraph's schema over its own connections, no migrations, no seed, no sweeper. */
async function runLane<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  location: DatabaseLocation,
  auth: SubgraphAuth,
  logger: Logger,
  readUrl: string | undefined,
) {
  // Heavy operations come one or two at a time (the gateway's heavy turns): a few connections do,
  // and the lane adds few to what PostgreSQL's max_connections must allow.
  const database = await openDatabase(
    "url" in location ? { ...location, poolSize: Math.min(location.poolSize ?? 10, LANE_POOL_SIZE) } : location,
  );
  const prisma = definition.createPrisma(database.adapter, { logQueries: false });
  const replica = readUrl
    ? await openReadReplica({ url: readUrl, poolSize: LANE_POOL_SIZE }, definition.createPrisma)
    : undefined;
  await serveLane(
    subgraphApollo(definition, logger.child({ lane: "heavy" })),
    contextFromHeaders(definition, { prisma, database }, auth, replica),
  );
}

/** The module node was started with (a subgraph's main.ts, or its built main.js). */
function mainModule(): URL {
  const entry = process.argv[1];
  if (!entry) throw new Error("No main module to run the heavy lane from.");
  return pathToFileURL(entry);
}
