// A RequestThread (the heavy lanes' thread) answers each request its own answer, passes a failure
// on as a rejection, and after its thread dies fails what it held and answers later requests on a
// new thread.
import { afterEach, describe, expect, it } from "vitest";
import { collectWhileIdle, IDLE_COLLECTION_THRESHOLD, RequestThread, siblingModule } from "./threads";

let thread: RequestThread<string, string>;
afterEach(() => thread?.stop());

describe("a request thread", () => {
  it("answers concurrent requests, each its own", async () => {
    thread = new RequestThread(siblingModule("threads.fixture", import.meta.url), null);
    expect(await Promise.all(["a", "b", "c"].map((request) => thread.request(request)))).toEqual(["echo a", "echo b", "echo c"]);
  });

  it("rejects a request its thread failed, and goes on answering", async () => {
    thread = new RequestThread(siblingModule("threads.fixture", import.meta.url), null);
    await expect(thread.request("fail")).rejects.toThrow("asked to fail");
    expect(await thread.request("after")).toBe("echo after");
  });

  it("fails what a dead thread held, then answers on a new thread", async () => {
    thread = new RequestThread(siblingModule("threads.fixture", import.meta.url), null);
    await thread.start();
    const held = thread.request("held");
    await expect(thread.request("die")).rejects.toThrow(/stopped.*exited with code 3/);
    await expect(held).rejects.toThrow(/stopped/);
    expect(await thread.request("again")).toBe("echo again");
  });
});

describe("collecting a thread's young generation while it is idle", () => {
  const minor = { type: "minor" };
  /** A young generation of 1,000 bytes with `used` in use. */
  const youngAt = (used: number) => () => ({ used, capacity: 1000 });
  const quarterFull = IDLE_COLLECTION_THRESHOLD * 1000;
  const idle = () => true;

  it("collects once the thread is idle and its young generation past the threshold", () => {
    const asked: unknown[] = [];
    const collect = (options: unknown) => asked.push(options);
    expect(collectWhileIdle(idle, collect, youngAt(quarterFull + 1))).toBe(true);
    expect(asked).toEqual([minor]);
  });

  it("leaves a young generation under the threshold, a busy thread, and a process without --expose-gc alone", () => {
    const asked: unknown[] = [];
    const collect = (options: unknown) => asked.push(options);
    expect(collectWhileIdle(idle, collect, youngAt(quarterFull))).toBe(false);
    expect(collectWhileIdle(() => false, collect, youngAt(900))).toBe(false);
    expect(collectWhileIdle(idle, undefined, youngAt(900))).toBe(false);
    expect(asked).toEqual([]);
  });

  it("runs in a request thread after a request that left garbage, once nothing is in flight", async () => {
    thread = new RequestThread(siblingModule("threads.fixture", import.meta.url), null);
    await thread.request("garbage");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const collected = JSON.parse(await thread.request("collections")) as unknown[];
    expect(collected.length).toBeGreaterThan(0);
    expect(collected).toEqual(collected.map(() => minor));
  });

  it("waits while another request is still in flight", async () => {
    thread = new RequestThread(siblingModule("threads.fixture", import.meta.url), null);
    const held = thread.request("held");
    await thread.request("garbage");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(await thread.request("collections"))).toEqual([]);
    await thread.request("release");
    expect(await held).toBe("released");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(await thread.request("collections"))).toEqual([minor]);
  });
});
