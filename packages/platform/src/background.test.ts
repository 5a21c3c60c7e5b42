import { afterEach, describe, expect, it, vi } from "vitest";
import { repeatInBackground } from "./background";

afterEach(() => {
  vi.useRealTimers();
});

describe("repeatInBackground", () => {
  it("runs now and every interval, never two at once, and stops after the run under way", async () => {
    vi.useFakeTimers();
    let runs = 0;
    let finished = 0;
    let release!: () => void;
    const stop = repeatInBackground(1_000, async () => {
      runs += 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      finished += 1;
    });
    expect(runs).toBe(1);
    // Two ticks while the first run is under way start nothing.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect([runs, finished]).toEqual([2, 1]);
    // Stopping waits for the run under way, and no tick starts another.
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect([runs, finished, stopped]).toEqual([2, 2, true]);
  });
});
