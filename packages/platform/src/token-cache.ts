// Verifying the same token's signature on every request is work no process need repeat: a
// dashboard sends the same token all day, and every process a request touches verified it again.
// The cache is bounded (least recently used goes first) and forgets each entry when it expires.
import type { TokenVerifier } from "./tokens";

/** A bounded map whose entries expire; the least recently used entry goes first when full. */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number) {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string) {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface TokenCacheOptions {
  maxEntries?: number;
  /** Even a long-lived token is verified again after this long. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Verifies each distinct Authorization header once and keeps its claims until the token expires
 * (or maxAgeMs). Refusals are not kept: a bad token costs its sender a verification each time.
 */
export function cachingTokenVerifier(verify: TokenVerifier, options: TokenCacheOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const cache = new ExpiringCache<Awaited<ReturnType<TokenVerifier>>>(options.maxEntries ?? 10_000, now);
  return async (authorization) => {
    if (!authorization) return verify(authorization);
    const known = cache.get(authorization);
    if (known) return known;
    const claims = await verify(authorization);
    if (claims && typeof claims.exp === "number") cache.set(authorization, claims, Math.min(claims.exp * 1000 - now(), maxAgeMs));
    return claims;
  };
}
