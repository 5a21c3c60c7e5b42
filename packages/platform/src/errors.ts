// GraphQL errors a person can act on, and a mask for everything else: clients see a code and a
// message, never a stack trace, SQL text or an internal URL.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";

export type ErrorCode = "BAD_USER_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS";

type Details = Record<string, string | number | boolean | null | undefined>;

function error(code: ErrorCode, message: string, details?: Details): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const badUserInput = (message: string, details?: Details) => error("BAD_USER_INPUT", message, details);
export const unauthenticated = (message = "Sign in: this request needs a valid access token.") =>
  error("UNAUTHENTICATED", message);
export const forbidden = (message = "You do not have access to this.") => error("FORBIDDEN", message);
/** What a caller is told of something they may not see: FORBIDDEN, or UNAUTHENTICATED without a token. */
export const refused = (context: { authenticated: boolean }) => (context.authenticated ? forbidden() : unauthenticated());
export const notFound = (message: string) => error("NOT_FOUND", message);
export const conflict = (message: string, details?: Details) => error("CONFLICT", message, details);

/** An answer refused before GraphQL ran (bad JSON, a body too large, no such path), in GraphQL's error shape. */
export const httpErrorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** A body that does not parse as JSON, wherever it is parsed (the main thread, or a subgraph's heavy lane). */
export const NOT_JSON = { status: 400, body: httpErrorBody("BAD_REQUEST", "The request body is not valid JSON.") };

/** A limit on how often a caller may do something: says when to try again, in words and in seconds. */
export function tooManyRequests(message: string, retryAfterSeconds: number): GraphQLError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return error("TOO_MANY_REQUESTS", `${message} Try again in ${wait}.`, { retryAfterSeconds });
}

/** Codes whose messages were written for clients; anything else is an internal failure. */
const CLIENT_CODES = new Set<string>([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  // A subgraph down or hanging, named by the gateway (gateway/src/unavailable.ts), never by its URL.
  "SUBGRAPH_UNAVAILABLE",
]);

/** Extension keys our own errors may carry beside the code (e.g. which input field was wrong). */
const CLIENT_EXTENSION_KEYS = new Set(["code", "field", "currentVersion", "retryAfterSeconds"]);
/** Which subgraph did not answer: kept for that error only (Apollo Gateway adds it to every subgraph's error). */
const NAMES_SUBGRAPH = new Set(["SUBGRAPH_UNAVAILABLE"]);

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Try again; if it keeps happening, tell support.";

/**
 * Apollo `formatError`: keeps client errors (code, message, path, a few whitelisted details) and
 * replaces anything else with a generic internal error, logging the original for operators.
 */
export function createErrorMask(logger: Logger) {
  return (formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? "");
    if (CLIENT_CODES.has(code)) {
      const extensions = Object.fromEntries(
        Object.entries(formatted.extensions ?? {}).filter(
          ([key]) => CLIENT_EXTENSION_KEYS.has(key) || (key === "serviceName" && NAMES_SUBGRAPH.has(code)),
        ),
      );
      // "Did you mean …?" would let a stranger map the schema field by field.
      const message = formatted.message.replace(/ ?Did you mean [^?]*\?$/, "");
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: original, path: formatted.path }, "internal error masked for the client");
    return {
      message: INTERNAL_ERROR_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

/** How one kind of constraint violation shows: Prisma's code, a driver adapter's kind, PostgreSQL's SQLSTATE, its message. */
interface Violation {
  prismaCode: string;
  adapterKind: string;
  sqlState: string;
  message: RegExp;
}

function isViolation(error: unknown, violation: Violation): boolean {
  const e = error as { code?: string; cause?: { kind?: string; originalCode?: string }; message?: string };
  return (
    e?.code === violation.prismaCode ||
    e?.cause?.kind === violation.adapterKind ||
    e?.cause?.originalCode === violation.sqlState ||
    violation.message.test(e?.message ?? "")
  );
}

/** Whether a database error is a unique-constraint violation, through Prisma or a driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return isViolation(error, {
    prismaCode: "P2002",
    adapterKind: "UniqueConstraintViolation",
    sqlState: "23505",
    message: /duplicate key value violates unique constraint/,
  });
}

/** Whether a write referred to a row that is not there (a foreign-key violation), through Prisma or a driver adapter. */
export function isForeignKeyViolation(error: unknown): boolean {
  return isViolation(error, {
    prismaCode: "P2003",
    adapterKind: "ForeignKeyConstraintViolation",
    sqlState: "23503",
    message: /violates foreign key constraint/,
  });
}

/** Whether PostgreSQL refused a transaction as one side of a deadlock (SQLSTATE 40P01), whichever driver. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; cause?: { originalCode?: string }; message?: string };
  return e?.code === "40P01" || e?.cause?.originalCode === "40P01" || /deadlock detected/.test(e?.message ?? "");
}

/**
 * Runs a transaction again when PostgreSQL refused it as one side of a deadlock: the refusal let the
 * other side go on, and the refused one rolled back whole, so running it again is what its client
 * would do. `run` must start a new transaction each time and touch nothing outside it that a second
 * run would repeat wrongly. At most `attempts` runs; any other error, and the last deadlock, pass on.
 */
export async function retryingDeadlocks<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}

/**
 * A record looked up by id: absent answers like hidden (null and FORBIDDEN), so no caller learns
 * what exists from the difference; only one who sees everything gets a plain null.
 */
export function absentAsForbidden<T>(found: T | null, seesEverything: boolean): T | null {
  if (!found && !seesEverything) throw forbidden();
  return found;
}
