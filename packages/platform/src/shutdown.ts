// How every process (each subgraph, the gateway) stops: drain, close, exit; never cut off mid-request.
import type { Logger } from "./logger";

/**
 * Keeps a process alive until SIGINT/SIGTERM (or, under `npm start`, until its supervisor is gone),
 * then closes what it started, once, and exits 0; 1 if closing failed or took longer than `boundMs`.
 */
export function closeOnSignal(logger: Logger, close: () => Promise<void>, boundMs = 30_000) {
  let closing = false;
  const stop = async (reason: string) => {
    if (closing) return;
    closing = true;
    logger.info({ reason }, "shutting down");
    setTimeout(() => {
      logger.error({ boundMs }, "shutdown took too long; exiting");
      process.exit(1);
    }, boundMs).unref();
    try {
      await close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  // Listening on (not once): a second signal while draining must not kill the process mid-request.
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Started by `npm start` with a channel to it: when the supervisor dies, so do we, cleanly.
  if (process.channel) {
    process.once("disconnect", () => {
      // Its end of our stdout is gone too: a log line written there now would block the exit.
      logger.level = "silent";
      void stop("supervisor gone");
    });
    process.channel.unref();
  }
}
