// At most `maxConcurrent` requests of one caller run in the gateway at once, costing together at
// most `maxCostInFlight` (one of the heaviest queries allowed runs alone), so one analyst's heavy
// dashboards cannot take every subgraph connection and process from everyone else. More wait in a
// short queue, first come first served; past `maxQueued` waiting, or after `maxWaitMs`, a request
// is refused with TOO_MANY_REQUESTS (HTTP 429, retryAfterSeconds and Retry-After).
import { tooManyRequests } from "@grassroots/platform";
import { GraphQLError } from "graphql";

export interface CallerLimitSettings {
  maxConcurrent: number;
  /** The summed cost (src/cost.ts) of one caller's running requests; a request alone always runs. */
  maxCostInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
}

interface Waiter {
  weight: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

interface Caller {
  running: number;
  cost: number;
  queue: Waiter[];
}

/** Releases a caller's place; calling it again does nothing. */
export type Release = () => void;

export class CallerLimiter {
  private readonly callers = new Map<string, Caller>();

  /** `refusal` says why a request is turned away (default: too many of one caller's requests). */
  constructor(
    readonly settings: CallerLimitSettings,
    private readonly refusalMessage: (settings: CallerLimitSettings) => string = callerRefusal,
  ) {}

  /** Resolves once `caller` may run a request of this cost, with the release to call when it is answered. */
  acquire(caller: string, weight = 0): Promise<Release> {
    let state = this.callers.get(caller);
    if (!state) {
      state = { running: 0, cost: 0, queue: [] };
      this.callers.set(caller, state);
    }
    // First come, first served: nobody overtakes a request already waiting.
    if (state.queue.length === 0 && this.fits(state, weight)) return Promise.resolve(this.admit(caller, state, weight));
    if (state.queue.length >= this.settings.maxQueued) {
      this.forgetIdle(caller, state);
      return Promise.reject(this.refusal());
    }
    const queue = state.queue;
    const admitted = state;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        weight,
        admit: () => resolve(this.admit(caller, admitted, weight)),
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(this.refusal());
          // Those behind it may fit now.
          this.drain(caller, admitted);
        }, this.settings.maxWaitMs),
      };
      queue.push(waiter);
    });
  }

  /** Requests running and waiting, over all callers (for tests). */
  get load(): { callers: number; running: number; queued: number } {
    let running = 0;
    let queued = 0;
    for (const state of this.callers.values()) {
      running += state.running;
      queued += state.queue.length;
    }
    return { callers: this.callers.size, running, queued };
  }

  private fits(state: Caller, weight: number): boolean {
    if (state.running >= this.settings.maxConcurrent) return false;
    return state.running === 0 || state.cost + weight <= this.settings.maxCostInFlight;
  }

  private admit(caller: string, state: Caller, weight: number): Release {
    state.running++;
    state.cost += weight;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.running--;
      state.cost -= weight;
      this.drain(caller, state);
    };
  }

  /** Admits waiting requests from the head of the queue while they fit. */
  private drain(caller: string, state: Caller) {
    while (state.queue.length > 0 && this.fits(state, state.queue[0]!.weight)) {
      const next = state.queue.shift()!;
      clearTimeout(next.timer);
      next.admit();
    }
    this.forgetIdle(caller, state);
  }

  private forgetIdle(caller: string, state: Caller) {
    if (state.running === 0 && state.queue.length === 0) this.callers.delete(caller);
  }

  private refusal(): GraphQLError {
    const retryAfterSeconds = Math.max(1, Math.ceil(this.settings.maxWaitMs / 1000));
    const refused = tooManyRequests(this.refusalMessage(this.settings), retryAfterSeconds);
    return new GraphQLError(refused.message, {
      extensions: {
        ...refused.extensions,
        http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
      },
    });
  }
}

function callerRefusal(settings: CallerLimitSettings): string {
  return `Too many of your requests at once: up to ${settings.maxConcurrent} run together (costing at most ${settings.maxCostInFlight} together), and up to ${settings.maxQueued} more wait ${settings.maxWaitMs} ms for a turn.`;
}
