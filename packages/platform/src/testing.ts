// Helpers for tests: a fresh database per subgraph (in-memory PGlite, or a new PostgreSQL database
// when TEST_DATABASE_URL names a server), a SQL statement counter, and a GraphQL client.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BaseContext } from "@apollo/server";
import pg from "pg";
import { type Database, type DatabaseLocation, openDatabase } from "./database";
import { applyMigrations, listMigrations } from "./migrations";
import { type PrismaLike, type SubgraphDefinition, type SubgraphOptions, startSubgraph } from "./subgraph";
import { createTokenVerifier, DEFAULT_AUDIENCE, DEFAULT_ISSUER, GATEWAY_SECRET_HEADER, signToken } from "./tokens";

export interface TestDatabase {
  location: DatabaseLocation;
  drop(): Promise<void>;
}

/**
 * TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) makes every test database
 * a new PostgreSQL database on that server, dropped afterwards; without it, PGlite in memory.
 * Given the subgraph's migrations, the database starts with them applied (copied from a template).
 * `adminUrl` names another server than TEST_DATABASE_URL's (a test's own primary with a replica).
 */
export async function createTestDatabase(
  subgraph: string,
  migrationsDir?: string,
  adminUrl = process.env.TEST_DATABASE_URL,
  /** On PGlite: start as a copy of this data directory (a tarball a seeded test database's `snapshot()` made). */
  copyOf?: Uint8Array,
): Promise<TestDatabase> {
  if (!adminUrl) {
    const from = copyOf ?? (migrationsDir ? await migratedPGlite(migrationsDir) : undefined);
    return { location: { inMemory: true, from }, drop: async () => {} };
  }
  const template = migrationsDir ? await migratedTemplate(adminUrl, subgraph, migrationsDir) : null;
  const name = `test_${subgraph}_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  const url = databaseUrl(adminUrl, name);
  return {
    location: { url },
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A name that changes whenever the migrations (or, for PGlite dumps, PGlite itself) change. */
function migrationsVersion(migrationsDir: string, salt = ""): string {
  const version = createHash("sha256").update(salt);
  for (const migration of listMigrations(migrationsDir)) version.update(`${migration.name}:${migration.checksum}\n`);
  return version.digest("hex").slice(0, 16);
}

/**
 * A PostgreSQL template database with these migrations applied, made once per server and
 * migrations version (tests copy it: CREATE DATABASE … TEMPLATE). An advisory lock makes
 * concurrent workers wait for the first to finish it.
 */
async function migratedTemplate(adminUrl: string, subgraph: string, migrationsDir: string): Promise<string> {
  const name = `grassroots_template_${subgraph}_${migrationsVersion(migrationsDir)}`;
  await withAdmin(adminUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (rowCount) return;
      // Made under another name and renamed when complete: a half-made template is never copied.
      const partial = `${name}_partial`;
      await client.query(`DROP DATABASE IF EXISTS "${partial}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${partial}"`);
      const database = await openDatabase({ url: databaseUrl(adminUrl, partial) });
      try {
        await applyMigrations(database, migrationsDir);
      } finally {
        await database.close();
      }
      await client.query(`ALTER DATABASE "${partial}" RENAME TO "${name}"`);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
  return name;
}

/**
 * A PGlite data directory with these migrations applied, dumped once to a tarball in the temporary
 * folder and named by the migrations' checksums: PGlite's initdb takes seconds, and every test file
 * starts several databases. Workers racing to make it each write their own file and rename it.
 */
const PGLITE_BUILD = (() => {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return readFileSync(join(entry.slice(0, entry.lastIndexOf("/dist/")), "package.json"), "utf8");
})();

async function migratedPGlite(migrationsDir: string): Promise<string> {
  // The dump's format is PGlite's: its version is part of the name.
  const path = join(tmpdir(), `grassroots-pglite-${migrationsVersion(migrationsDir, PGLITE_BUILD)}.tar`);
  if (existsSync(path)) return path;
  const database = await openDatabase({ inMemory: true });
  try {
    await applyMigrations(database, migrationsDir);
    const partial = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, await database.snapshot!());
    renameSync(partial, path);
    return path;
  } finally {
    await database.close();
  }
}

async function withAdmin(adminUrl: string, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

interface QueryEventSource {
  $on(event: "query", listener: (event: { query: string }) => void): void;
}

/**
 * Counts the SQL statements a Prisma client (created with logQueries) sends, and the raw reads
 * beside it on the same database (PostgreSQL: database.ts, RawReads).
 */
export function countStatements(prisma: unknown, database?: Database) {
  const statements: string[] = [];
  (prisma as QueryEventSource).$on("query", (event) => statements.push(event.query));
  database?.rawReads?.listen((statement) => statements.push(statement));
  return {
    get count() {
      return statements.length;
    },
    statements,
    reset() {
      statements.length = 0;
    },
  };
}

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** The body exactly as received, for assertions about what must never leak. */
  raw: string;
}

export async function graphql<Data = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw);
  return { status: response.status, data: body.data, errors: body.errors, raw };
}

/** A deployment's secrets for a test: one token secret and one gateway secret, random each time. */
export function createTestAuth() {
  const tokens = { secret: randomBytes(32).toString("base64url"), issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE };
  const gatewaySecret = randomBytes(32).toString("base64url");
  const token = (claims: TestClaims, expiresIn: string | number = "1h") => signToken(claims, tokens, expiresIn);
  return {
    tokens,
    gatewaySecret,
    subgraph: { gatewaySecret, verifyToken: createTokenVerifier(tokens) },
    token,
    /** Headers of a caller with these claims; null claims is a caller without a token. */
    headers: async (claims: TestClaims | null): Promise<Record<string, string>> =>
      claims ? { authorization: `Bearer ${await token(claims)}` } : {},
  };
}

export type TestAuth = ReturnType<typeof createTestAuth>;
export type TestClaims = Record<string, unknown> & { sub: string };
export const ADMIN: TestClaims = { sub: "test-admin", role: "admin" };

export interface QueryOptions {
  /** The caller's claims (default: an admin); null sends no token. */
  as?: TestClaims | null;
  /** Leave out the gateway secret, as a request that did not come through the gateway would. */
  bypassGateway?: boolean;
}

/**
 * One subgraph on a fresh test database, seeded, with its SQL statements counted. `copyOf` starts it
 * on PGlite from a snapshot of a database this seed already filled, which the seed then finds done.
 */
export async function startTestSubgraph<Client extends PrismaLike, Context extends BaseContext>(
  definition: SubgraphDefinition<Client, Context>,
  seed?: SubgraphOptions<Client>["seed"],
  auth: TestAuth = createTestAuth(),
  copyOf?: Uint8Array,
) {
  const database = await createTestDatabase(definition.name, definition.migrationsDir, undefined, copyOf);
  const running = await startSubgraph(definition, { database: database.location, seed, logQueries: true, auth: auth.subgraph });
  return {
    ...running,
    auth,
    sql: countStatements(running.prisma, running.database),
    query: async <Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, options: QueryOptions = {}) => {
      const headers = await auth.headers(options.as === undefined ? ADMIN : options.as);
      if (!options.bypassGateway) headers[GATEWAY_SECRET_HEADER] = auth.gatewaySecret;
      return graphql<Data>(running.url, query, variables, headers);
    },
    close: async () => {
      await running.close();
      await database.drop();
    },
  };
}
