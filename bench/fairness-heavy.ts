// One analyst's heavy query in a loop, on a thread of its own of bench/fairness.ts: reading its
// megabyte answers must not delay the block member's requests, which the main thread times.
// Says "going" after its first answer, and its counts once told to stop.
import { parentPort, workerData } from "node:worker_threads";
import { failureOf, type Headers, post } from "./load";

const { port, body, headers } = workerData as { port: number; body: string; headers: Headers };
const channel = parentPort!;
let stopped = false;
channel.on("message", () => {
  stopped = true;
});

const result = { answers: 0, failures: [] as string[], bytes: 0 };
while (!stopped) {
  const answer = await post(port, body, headers);
  result.answers++;
  const failure = failureOf(answer.status, answer.text);
  // The size of a heavy answer, not of a refusal (a 429 while the lane's turn is taken).
  if (!failure) result.bytes = Math.max(result.bytes, answer.text.length);
  if (failure && result.failures.length < 3) result.failures.push(failure);
  if (result.answers === 1) channel.postMessage({ going: true });
}
channel.postMessage({ result });
