// Configuration: every process reads its environment once, at start, through one zod schema of the
// variables it uses (the shared ones are made here; docs/configuration.md lists them all), and a bad
// value stops it with a message naming each variable and what it must be, never a stack trace.
import { isIP } from "node:net";
import { SUBGRAPHS, type SubgraphName, subgraphUrlVariable } from "@grassroots/services";
import { z } from "zod";

/** Exit status of a process refused by its configuration (sysexits' EX_CONFIG): restarting cannot help. */
export const EXIT_CONFIG = 78;

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly processName: string,
    readonly problems: string[],
  ) {
    super(`The ${processName} cannot start: its configuration is invalid.\n${problems.map((line) => `  - ${line}`).join("\n")}
See docs/configuration.md for every variable.`);
    this.name = "ConfigError";
  }
}

// An empty variable (`GATEWAY_PORT=`) counts as unset.
const unset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A whole number from min to max. */
export function wholeNumber(min: number, max: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** One of these words. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `must be one of ${values.join(", ")}` });
}

/** An http(s) URL. */
export function httpUrl() {
  return z
    .string()
    .refine((text) => /^https?:$/.test(urlOf(text)?.protocol ?? ""), { error: "must be an http:// or https:// URL" });
}

const secret = (what: string) => z.string().min(32, { error: `must be at least 32 characters long (${what})` });

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Variables every process reads. */
function processShape() {
  return {
    NODE_ENV: oneOf(["development", "test", "production"]).default("development"),
    LOG_LEVEL: oneOf(LOG_LEVELS).default("info"),
    HOST: z
      .string()
      .refine((text) => isIP(text) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(text), {
        error: "must be an address to listen on: an IP address (0.0.0.0 or :: for every interface) or a host name",
      })
      .default("127.0.0.1"),
    GATEWAY_PORT: wholeNumber(1, 65_530).default(4000),
    ...subgraphUrlShape(),
    DATA_DIR: z.string().default(".data"),
    AUTH_SECRET: secret("the HS256 token secret").optional(),
    AUTH_JWKS_URL: httpUrl().optional(),
    AUTH_ISSUER: z.string().default("grassroots-graph"),
    AUTH_AUDIENCE: z.string().default("grassroots-graph"),
    GATEWAY_SECRET: secret("the secret header the gateway sends to every subgraph").optional(),
    SERVICE_TOKEN: z.string().optional(),
    SHUTDOWN_GRACE_MS: wholeNumber(0, 600_000).default(10_000),
    HEALTH_TIMEOUT_MS: wholeNumber(50, 60_000).default(1000),
    // /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` when it is set.
    METRICS_TOKEN: secret("the token /metrics asks for").optional(),
    // Traces go over OTLP (HTTP, protobuf) only when this is set (src/tracing.ts).
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl().optional(),
  };
}

function subgraphUrlShape() {
  return Object.fromEntries(SUBGRAPHS.map((name) => [subgraphUrlVariable(name), httpUrl().optional()])) as {
    [Name in SubgraphName as `SUBGRAPH_URL_${Uppercase<Name>}`]: z.ZodOptional<ReturnType<typeof httpUrl>>;
  };
}

export type ProcessConfig = z.output<z.ZodObject<ReturnType<typeof processShape>>>;

export interface SubgraphConfig extends ProcessConfig {
  /** DATABASE_URL_<NAME>: PostgreSQL; unset: the embedded PGlite directory under DATA_DIR. */
  databaseUrl: string | undefined;
  /** DATABASE_READ_URL_<NAME>: a read replica of that database for heavy reads (src/read-replica.ts). */
  databaseReadUrl: string | undefined;
  DATABASE_POOL_SIZE: number;
  SUBGRAPH_HEAVY_LANE: "on" | "off";
  /** Seed the demo district into an empty database: SEED, by default only the embedded one outside production. */
  seed: boolean;
  SEED_SCALE: string;
}

interface ProcessRules {
  /** The process asks other subgraphs through packages/directory (needs SERVICE_TOKEN with AUTH_JWKS_URL). */
  usesDirectory?: boolean;
  /** The process's own secrets (variable → what it is), required in production, as the shared ones. */
  productionSecrets?: Record<string, string>;
}

type Secrets = Pick<ProcessConfig, "NODE_ENV" | "GATEWAY_SECRET" | "AUTH_SECRET" | "AUTH_JWKS_URL" | "SERVICE_TOKEN">;

/** Secrets are given, never generated, in production; services need a token from the identity provider. */
function checkSecrets(config: Secrets, rules: ProcessRules, context: z.RefinementCtx) {
  const problem = (variable: string, message: string) => context.addIssue({ code: "custom", path: [variable], message });
  if (config.NODE_ENV === "production") {
    if (!config.GATEWAY_SECRET) problem("GATEWAY_SECRET", "is required when NODE_ENV=production (at least 32 characters)");
    if (!config.AUTH_SECRET && !config.AUTH_JWKS_URL) {
      problem(
        "AUTH_SECRET",
        "or AUTH_JWKS_URL is required when NODE_ENV=production (tokens are never signed with a generated secret)",
      );
    }
  }
  for (const [variable, what] of Object.entries(rules.productionSecrets ?? {})) {
    if (config.NODE_ENV === "production" && !(config as Record<string, unknown>)[variable]) {
      problem(variable, `is required when NODE_ENV=production (at least 32 characters; ${what})`);
    }
  }
  if (rules.usesDirectory && config.AUTH_JWKS_URL && !config.SERVICE_TOKEN) {
    problem("SERVICE_TOKEN", "is required with AUTH_JWKS_URL: this process asks other subgraphs with it");
  }
}

// Checked even when other variables are bad, so that one start lists every problem.
const secretRules = (rules: ProcessRules) =>
  z.superRefine((config, context) => checkSecrets(config as Secrets, rules, context), { when: () => true });

type Extra = Record<string, z.ZodType>;
type ExtraOutput<Shape extends Extra> = z.output<z.ZodObject<Shape>>;

/** The schema of a process other than a subgraph (the gateway): the shared variables and its own. */
export function processConfig<Shape extends Extra>(extra: Shape, rules: ProcessRules = {}) {
  return z.object({ ...processShape(), ...extra }).check(secretRules(rules)) as unknown as z.ZodType<
    ProcessConfig & ExtraOutput<Shape>
  >;
}

/**
 * The schema of a subgraph's process: the shared variables, its database, seeding, and its own.
 * `seedScales` are the sizes of demo district SEED_SCALE may name (the demo data's own list).
 */
export function subgraphConfig<Shape extends Extra = Record<never, never>>(
  name: SubgraphName,
  options: { seedScales: readonly [string, ...string[]]; extra?: Shape; rules?: ProcessRules },
) {
  const databaseVariable = `DATABASE_URL_${name.toUpperCase()}`;
  const readVariable = `DATABASE_READ_URL_${name.toUpperCase()}`;
  const postgresUrl = () =>
    z.string().refine((text) => /^postgres(ql)?:$/.test(urlOf(text)?.protocol ?? ""), { error: "must be a postgresql:// URL" });
  return z
    .object({
      ...processShape(),
      [databaseVariable]: postgresUrl().optional(),
      // A streaming replica of that database, for the heavy lane's reads; only beside a PostgreSQL primary.
      [readVariable]: postgresUrl().optional(),
      DATABASE_POOL_SIZE: wholeNumber(1, 1000).default(10),
      // Requests the gateway marks heavy answered on a thread of their own (src/lane.ts); PostgreSQL only.
      SUBGRAPH_HEAVY_LANE: oneOf(["on", "off"]).default("on"),
      SEED: oneOf(["demo", "none"]).optional(),
      SEED_SCALE: oneOf(options.seedScales).default("demo"),
      ...options.extra,
    })
    .check(secretRules(options.rules ?? {}))
    .check(
      z.superRefine(
        (config, context) => {
          const variables = config as Record<string, unknown>;
          if (variables[readVariable] && !variables[databaseVariable]) {
            context.addIssue({
              code: "custom",
              path: [readVariable],
              message: `needs ${databaseVariable}: a read replica is of a PostgreSQL primary, not of the embedded database`,
            });
          }
          // Checked even when other variables are bad, so that one start lists every problem.
        },
        { when: () => true },
      ),
    )
    .transform((config) => {
      const { SEED, NODE_ENV } = config as { SEED?: "demo" | "none"; NODE_ENV: string };
      const databaseUrl = (config as Record<string, unknown>)[databaseVariable] as string | undefined;
      const databaseReadUrl = (config as Record<string, unknown>)[readVariable] as string | undefined;
      // Demo people never fill a production database by default: only the embedded one, outside production.
      return {
        ...config,
        databaseUrl,
        databaseReadUrl,
        seed: SEED ? SEED === "demo" : !databaseUrl && NODE_ENV !== "production",
      };
    }) as unknown as z.ZodType<SubgraphConfig & ExtraOutput<Shape>>;
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function parseConfig<Schema extends z.ZodType>(
  processName: string,
  schema: Schema,
  env: Env = process.env,
): z.output<Schema> {
  const cleaned = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, unset(value)]));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "");
    const given = cleaned[variable];
    return `${variable} ${issue.message}${given === undefined ? "" : `; got ${shown(variable, String(given))}`}`;
  });
  throw new ConfigError(processName, problems);
}

/** parseConfig for a process's main.ts: a bad configuration is a message on stderr and exit status 78. */
export function readConfig<Schema extends z.ZodType>(
  processName: string,
  schema: Schema,
  env: Env = process.env,
): z.output<Schema> {
  try {
    return parseConfig(processName, schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

// Secrets, tokens and database URLs (which carry passwords) are never echoed back.
function shown(variable: string, value: string): string {
  return /SECRET|TOKEN|PASSWORD|DATABASE_(READ_)?URL/.test(variable) ? `a value of ${value.length} characters` : `"${value}"`;
}

function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
