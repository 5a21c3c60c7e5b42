// Sends the queue: every visit waiting (or caught mid-send when the app was closed) goes to
// logVisits in batches of at most 100, each with the key it was queued under, so a batch that is
// sent again after a lost answer stores nothing twice. The API answers per item: stored, refused
// for good (kept for the person to fix or discard), or failed on its side (sent again later).
import { ApiError, execute } from "../api/client";
import { reportRequest } from "./connectivity";
import { LogVisitsMutation } from "./queries";
import { type ItemProblem, type QueuedVisit, queueOf, saveVisits } from "./store";

/** The API's largest batch (logVisits). */
export const MAX_BATCH = 100;

const running = new Map<string, Promise<void>>();
const again = new Set<string>();

/**
 * Sends the person's waiting visits. One send at a time: a call while one runs makes it go round
 * once more when it ends (a visit queued meanwhile is not left behind).
 */
export function flushQueue(owner: string): Promise<void> {
  const current = running.get(owner);
  if (current) {
    again.add(owner);
    return current;
  }
  const loop = async () => {
    do {
      again.delete(owner);
      await sendWaiting(owner);
    } while (again.has(owner));
  };
  // One sender per person across the app's tabs too: another tab's send waits for this one's end.
  const locked = navigator.locks ? navigator.locks.request(`grassroots-visits:${owner}`, loop).then(() => {}) : loop();
  const run = locked.finally(() => running.delete(owner));
  running.set(owner, run);
  return run;
}

const isDue = (item: QueuedVisit) => item.state === "waiting" || item.state === "sending";

async function sendWaiting(owner: string): Promise<void> {
  if (!navigator.onLine) return;
  const due = (await queueOf(owner)).filter(isDue);
  for (let start = 0; start < due.length; start += MAX_BATCH) {
    // A failure that may pass (the network, the server, the session) stops here: the rest waits with it.
    if (!(await sendBatch(due.slice(start, start + MAX_BATCH)))) return;
  }
}

/** Sends one batch; false when the whole request failed for a reason that may pass (all of it waits, same keys). */
async function sendBatch(items: readonly QueuedVisit[]): Promise<boolean> {
  const batch = items.map((item): QueuedVisit => ({ ...item, state: "sending" }));
  await saveVisits(batch);
  try {
    const { logVisits } = await execute(LogVisitsMutation, { inputs: batch.map((item) => item.input) });
    reportRequest();
    const answers = new Map(logVisits.map((answer) => [answer.idempotencyKey, answer]));
    await saveVisits(
      batch.map((item): QueuedVisit => {
        const answer = answers.get(item.key);
        if (answer?.visit) return { ...item, state: "stored", visitId: answer.visit.id, problem: null };
        if (answer?.error) return { ...item, state: answer.error.retryable ? "waiting" : "refused", problem: answer.error };
        return { ...item, state: "waiting", problem: null };
      }),
    );
    return true;
  } catch (error) {
    reportRequest(error);
    const problem = problemOf(error);
    if (problem.retryable) {
      await saveVisits(batch.map((item): QueuedVisit => ({ ...item, state: "waiting", problem })));
      return false;
    }
    // Refused as a whole (an input the schema no longer takes, a role that may no longer log):
    // halve the batch until the item at fault is alone, so that the others are not held behind it.
    if (batch.length === 1) {
      await saveVisits([{ ...batch[0]!, state: "refused", problem }]);
      return true;
    }
    const half = Math.ceil(batch.length / 2);
    return (await sendBatch(batch.slice(0, half))) && (await sendBatch(batch.slice(half)));
  }
}

function problemOf(error: unknown): ItemProblem {
  if (error instanceof ApiError) {
    // A session that ended passes too, once the person signs in again.
    const retryable = error.transient || error.code === "UNAUTHENTICATED";
    return { code: error.code, message: error.message, field: error.errors[0]?.field ?? null, retryable };
  }
  return { code: "INTERNAL_SERVER_ERROR", message: String(error), field: null, retryable: true };
}

/** Items waiting to be (re)sent, for the page's timer. */
export const hasDue = (items: readonly QueuedVisit[]) => items.some(isDue);
