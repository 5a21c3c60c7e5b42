// At most `maxConcurrent` requests of one caller run in the gateway at once, so one analyst's heavy
// dashboards cannot take every subgraph connection and process from everyone else. More wait in a
// short queue, first come first served; past `maxQueued` waiting, or after `maxWaitMs`, a request
// is refused with TOO_MANY_REQUESTS (HTTP 429, retryAfterSeconds and Retry-After).
import { tooManyRequests } from "@grassroots/platform";
import { GraphQLError } from "graphql";

export interface CallerLimitSettings {
  maxConcurrent: number;
  maxQueued: number;
  maxWaitMs: number;
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

interface Caller {
  running: number;
  queue: Waiter[];
}

/** Releases a caller's place; calling it again does nothing. */
export type Release = () => void;

export class CallerLimiter {
  private readonly callers = new Map<string, Caller>();

  constructor(readonly settings: CallerLimitSettings) {}

  /** Resolves once `caller` may run, with the release to call when its request is answered. */
  acquire(caller: string): Promise<Release> {
    let state = this.callers.get(caller);
    if (!state) {
      state = { running: 0, queue: [] };
      this.callers.set(caller, state);
    }
    if (state.running < this.settings.maxConcurrent) {
      state.running++;
      return Promise.resolve(this.releaseOf(caller, state));
    }
    if (state.queue.length >= this.settings.maxQueued) return Promise.reject(this.refusal());
    const queue = state.queue;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => resolve(this.releaseOf(caller, state)),
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(this.refusal());
        }, this.settings.maxWaitMs),
      };
      queue.push(waiter);
    });
  }

  /** Requests running and waiting, per caller (for tests and /health). */
  get load(): { callers: number; running: number; queued: number } {
    let running = 0;
    let queued = 0;
    for (const state of this.callers.values()) {
      running += state.running;
      queued += state.queue.length;
    }
    return { callers: this.callers.size, running, queued };
  }

  private releaseOf(caller: string, state: Caller): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next) {
        // The place passes to the next in line: running stays the same.
        clearTimeout(next.timer);
        next.admit();
        return;
      }
      state.running--;
      if (state.running === 0) this.callers.delete(caller);
    };
  }

  private refusal(): GraphQLError {
    const retryAfterSeconds = Math.max(1, Math.ceil(this.settings.maxWaitMs / 1000));
    const refused = tooManyRequests(
      `Too many of your requests at once: ${this.settings.maxConcurrent} run together and up to ${this.settings.maxQueued} wait ${this.settings.maxWaitMs} ms for a turn.`,
      retryAfterSeconds,
    );
    return new GraphQLError(refused.message, {
      extensions: {
        ...refused.extensions,
        http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
      },
    });
  }
}
