// How often people may register partner organisations (anyone the identity provider signs in may): per
// client address when the gateway forwards it, per street office and per credit code, each a
// sliding window. The counts live in this process's memory: each replica counts its own, and a
// restart forgets them (one limit across replicas needs a shared store such as the database).

export interface Limit {
  max: number;
  windowSeconds: number;
}

export interface RegistrationLimits {
  perAddress: Limit;
  perStreet: Limit;
  perCreditCode: Limit;
}

export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = {
  perAddress: { max: 5, windowSeconds: 10 * 60 },
  perStreet: { max: 20, windowSeconds: 60 * 60 },
  perCreditCode: { max: 5, windowSeconds: 60 * 60 },
};

export interface Counted {
  key: string;
  limit: Limit;
}

/** Attempts per key within a sliding window, in memory. */
export class SlidingWindowLimiter {
  private readonly attempts = new Map<string, { windowMs: number; times: number[] }>();
  private takes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Counts one attempt under every key, unless one of them is at its limit: then nothing is counted
   * and the answer says which key and in how many seconds it frees up.
   */
  take(keys: Counted[]): { key: string; retryAfterSeconds: number } | null {
    const now = this.now();
    if (++this.takes % 1000 === 0) this.forgetStale(now);
    let refused: { key: string; retryAfterSeconds: number } | null = null;
    for (const { key, limit } of keys) {
      const recent = this.recent(key, limit, now);
      if (recent.length >= limit.max) {
        // Free once the attempt that puts it at the limit leaves the window.
        const freesAt = recent[recent.length - limit.max]! + limit.windowSeconds * 1000;
        const retryAfterSeconds = Math.max(1, Math.ceil((freesAt - now) / 1000));
        if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { key, retryAfterSeconds };
      }
    }
    if (refused) return refused;
    for (const { key, limit } of keys) {
      this.attempts.set(key, { windowMs: limit.windowSeconds * 1000, times: [...this.recent(key, limit, now), now] });
    }
    return null;
  }

  private recent(key: string, limit: Limit, now: number): number[] {
    const since = now - limit.windowSeconds * 1000;
    return (this.attempts.get(key)?.times ?? []).filter((at) => at > since);
  }

  /** Keys whose every attempt has left their window: memory stays bounded by recent callers. */
  private forgetStale(now: number) {
    for (const [key, { windowMs, times }] of this.attempts) {
      if (times.every((at) => at <= now - windowMs)) this.attempts.delete(key);
    }
  }
}
