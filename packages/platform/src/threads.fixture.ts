// A thread for threads.test.ts: echoes, fails, or ends its thread when asked; "held" answers only
// once "release" comes; "garbage" leaves megabytes of it behind; "collections" answers the minor
// collections asked of V8 so far. V8's collector is not exposed in the test process, so the thread
// stands in one that counts.
import { getHeapSpaceStatistics } from "node:v8";
import { serveThread } from "./threads";

function youngGenerationShare(): number {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space")!;
  return young.space_used_size / (young.space_used_size + young.space_available_size);
}

const collections: unknown[] = [];
let releaseHeld: (() => void) | undefined;
(globalThis as { gc?: (options: unknown) => void }).gc = (options) => collections.push(options);

serveThread<string, string>(async (request) => {
  if (request === "fail") throw new Error("asked to fail");
  if (request === "die") process.exit(3);
  if (request === "collections") return JSON.stringify(collections);
  if (request === "garbage") {
    // Fills half the young generation with what is garbage once answered.
    const held: object[] = [];
    while (youngGenerationShare() < 0.5) for (let i = 0; i < 1000; i++) held.push({ i });
    return `left ${held.length}`;
  }
  if (request === "held") {
    await new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
    return "released";
  }
  if (request === "release") {
    releaseHeld?.();
    return "releasing";
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  return `echo ${request}`;
});
