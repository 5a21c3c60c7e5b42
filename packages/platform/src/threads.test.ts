// A RequestThread (the heavy lanes' thread) answers each request its own answer, passes a failure
// on as a rejection, and after its thread dies fails what it held and answers later requests on a
// new thread.
import { afterEach, describe, expect, it } from "vitest";
import { RequestThread, siblingModule } from "./threads";

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
