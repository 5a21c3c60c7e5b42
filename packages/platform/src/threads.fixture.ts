// A thread for threads.test.ts: echoes, fails, or ends its thread when asked.
import { serveThread } from "./threads";

serveThread<string, string>(async (request) => {
  if (request === "fail") throw new Error("asked to fail");
  if (request === "die") process.exit(3);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return `echo ${request}`;
});
