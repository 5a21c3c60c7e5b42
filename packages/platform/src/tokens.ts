// Bearer tokens: verified with jose (HS256 with a shared secret, or a JWKS URL in production).
// Expiry, not-before, issuer and audience are always checked.
import { createHash, timingSafeEqual } from "node:crypto";
import { GraphQLError } from "graphql";
import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { loadOrCreateSecret } from "./secrets";

export interface TokenSettings {
  /** HS256 secret (embedded default); ignored when jwksUrl is set. */
  secret?: string;
  /** Production: the identity provider's key set. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

export const DEFAULT_ISSUER = "grassroots-graph";
export const DEFAULT_AUDIENCE = "grassroots-graph";

/** UNAUTHENTICATED with HTTP 401, raised before any GraphQL runs. */
export function invalidToken(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/**
 * Returns the verified claims of `Authorization: Bearer …`, null when there is no header, and throws
 * UNAUTHENTICATED for anything malformed, forged, expired or meant for someone else.
 */
export function createTokenVerifier(settings: TokenSettings) {
  const key = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : new TextEncoder().encode(requireSecret(settings.secret));
  const algorithms = settings.jwksUrl ? ["RS256", "ES256", "EdDSA"] : ["HS256"];
  return async (authorization: string | undefined): Promise<JWTPayload | null> => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw invalidToken('Send the access token as "Authorization: Bearer <token>".');
    try {
      const { payload } = await jwtVerify(match[1]!, key as Parameters<typeof jwtVerify>[1], {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        requiredClaims: ["exp", "sub"],
      });
      return payload;
    } catch (error) {
      const expired = (error as { code?: string }).code === "ERR_JWT_EXPIRED";
      throw invalidToken(expired ? "The access token has expired; sign in again." : "The access token is not valid.");
    }
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Signs an HS256 token: for `npm run token` and tests. */
export async function signToken(
  claims: Record<string, unknown> & { sub: string },
  settings: Pick<TokenSettings, "secret" | "issuer" | "audience">,
  expiresIn: string | number = "8h",
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(requireSecret(settings.secret)));
}

function requireSecret(secret: string | undefined): string {
  if (!secret || secret.length < 32) throw new Error("An HS256 token secret of at least 32 characters is required.");
  return secret;
}

/** Header by which the gateway proves a request came through it. */
export const GATEWAY_SECRET_HEADER = "x-gateway-secret";

/** Header by which the gateway tells a subgraph the client's address (trusted: only the gateway gets in). */
export const CLIENT_ADDRESS_HEADER = "x-client-address";

/** Constant-time comparison (hashing first makes lengths equal and leaks nothing about them). */
export function secretsMatch(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The variables tokens and the gateway secret are read from (process.env, or a process's parsed configuration). */
export interface AuthEnv {
  AUTH_JWKS_URL?: string;
  AUTH_SECRET?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  GATEWAY_SECRET?: string;
  DATA_DIR?: string;
  NODE_ENV?: string;
}

/** Token and gateway settings from the environment, with generated secrets for the embedded default. */
export function authSettingsFromEnv(env: AuthEnv = process.env) {
  const jwksUrl = env.AUTH_JWKS_URL;
  const store = { dataDir: env.DATA_DIR ?? ".data", production: env.NODE_ENV === "production" };
  const tokens: TokenSettings = {
    jwksUrl,
    secret: jwksUrl ? undefined : loadOrCreateSecret("AUTH_SECRET", env.AUTH_SECRET, "auth-secret", store),
    issuer: env.AUTH_ISSUER ?? DEFAULT_ISSUER,
    audience: env.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE,
  };
  return { tokens, gatewaySecret: loadOrCreateSecret("GATEWAY_SECRET", env.GATEWAY_SECRET, "gateway-secret", store) };
}

/**
 * A token one service presents to another: signed here with the deployment's HS256 secret and
 * renewed before it expires, or, with an identity provider (JWKS), taken from SERVICE_TOKEN.
 */
export function serviceTokenSource(
  claims: Record<string, unknown> & { sub: string },
  settings: TokenSettings,
  env = process.env,
) {
  if (settings.jwksUrl) {
    const token = env.SERVICE_TOKEN;
    return async () => {
      if (!token) throw new Error("SERVICE_TOKEN is required when tokens come from AUTH_JWKS_URL.");
      return token;
    };
  }
  let current: { token: string; renewAt: number } | null = null;
  return async () => {
    if (!current || Date.now() > current.renewAt) {
      current = { token: await signToken(claims, settings, "10m"), renewAt: Date.now() + 8 * 60_000 };
    }
    return current.token;
  };
}
