// Runs the app's typed operations (src/generated, from schema/api.graphql) against the gateway's
// /graphql with the signed-in person's token. Errors come back as ApiError, whose code and field
// are the API's own (extensions.code, extensions.field), so a page can say what went wrong where.
import type { TypedDocumentString } from "../generated/graphql";

export interface ApiErrorDetail {
  message: string;
  code: string;
  field?: string;
  path?: readonly (string | number)[];
  extensions: Record<string, unknown>;
}

const TRANSIENT_CODES = new Set(["NETWORK", "INTERNAL_SERVER_ERROR", "SUBGRAPH_UNAVAILABLE", "TOO_MANY_REQUESTS"]);

/** Whether asking again may answer otherwise: any failure but the API's refusal of the request as sent. */
export const mayPassOnRetry = (error: unknown) => !(error instanceof ApiError) || error.transient;

export class ApiError extends Error {
  constructor(
    readonly errors: ApiErrorDetail[],
    readonly status: number,
  ) {
    super(errors[0]?.message ?? `The server answered ${status}.`);
    this.name = "ApiError";
  }

  get code(): string {
    return this.errors[0]?.code ?? (this.status === 0 ? "NETWORK" : "INTERNAL_SERVER_ERROR");
  }

  /**
   * A failure that may pass by itself (no network, the server or a subgraph down, too many
   * requests): worth trying again with the same request, keys included. Anything else was refused as sent.
   */
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code) || this.status >= 500 || this.status === 429;
  }

  /** The first error about this input field, if any. */
  forField(field: string): ApiErrorDetail | undefined {
    return this.errors.find((error) => error.field === field);
  }
}

/** Where the token comes from: the session (src/auth/session.tsx) sets it. */
let currentToken: () => string | null = () => null;
let onUnauthenticated: () => void = () => {};
export function setTokenSource(source: () => string | null, unauthenticated: () => void) {
  currentToken = source;
  onUnauthenticated = unauthenticated;
}

interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * Answers the operation's data. With `partial`, data comes back beside field errors (a masked
 * figure, one item refused); without, any error throws.
 */
export async function execute<Data, Variables>(
  document: TypedDocumentString<Data, Variables>,
  ...[variables, options]: Variables extends Record<string, never> ? [undefined?, RunOptions?] : [Variables, RunOptions?]
): Promise<Data> {
  const token = currentToken();
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: options?.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError([{ message: "The server could not be reached.", code: "NETWORK", extensions: {} }], 0);
  }
  let body: GraphQLResponse<Data>;
  try {
    body = (await response.json()) as GraphQLResponse<Data>;
  } catch {
    throw new ApiError(
      [{ message: `The server answered ${response.status}.`, code: "INTERNAL_SERVER_ERROR", extensions: {} }],
      response.status,
    );
  }
  const errors = (body.errors ?? []).map(
    (error): ApiErrorDetail => ({
      message: error.message,
      code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
      field: typeof error.extensions?.field === "string" ? error.extensions.field : undefined,
      path: error.path,
      extensions: error.extensions ?? {},
    }),
  );
  if (errors.some((error) => error.code === "UNAUTHENTICATED")) onUnauthenticated();
  if (body.data && (options?.partial || errors.length === 0)) return body.data;
  throw new ApiError(errors, response.status);
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Keep the data when some fields failed. */
  partial?: boolean;
}
