// Background work beside a subgraph's server (runSubgraph's `alongside`): the escalations sweeper,
// the residents outbox relay, the delegates visit coverage counters.

/**
 * Runs `run` now and then every `intervalMs`, one run at a time in this process (a tick while a run
 * is under way starts none). Answers how to stop: no new run starts, and the one under way, if any,
 * finishes first. `run` reports its own failures (a rejection would be unhandled).
 */
export function repeatInBackground(intervalMs: number, run: () => Promise<void>): () => Promise<void> {
  let underWay: Promise<void> | undefined;
  const tick = () => {
    underWay ??= run().finally(() => {
      underWay = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return async () => {
    clearInterval(timer);
    await underWay;
  };
}
