import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./registration-limits";

describe("sliding window limits", () => {
  it("counts attempts per key within the window and says when the oldest leaves it", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(() => now);
    const perAddress = { key: "address:a", limit: { max: 2, windowSeconds: 60 } };
    const perStreet = { key: "street:s", limit: { max: 3, windowSeconds: 600 } };
    expect(limiter.take([perAddress, perStreet])).toBeNull();
    now = 10_000;
    expect(limiter.take([perAddress, perStreet])).toBeNull();
    now = 20_000;
    expect(limiter.take([perAddress, perStreet])).toEqual({ key: "address:a", retryAfterSeconds: 40 });
    // A refused attempt counts nowhere: another address still has the street's third place.
    expect(limiter.take([{ ...perAddress, key: "address:b" }, perStreet])).toBeNull();
    expect(limiter.take([{ ...perAddress, key: "address:c" }, perStreet])).toEqual({ key: "street:s", retryAfterSeconds: 580 });
    now = 60_001;
    expect(limiter.take([perAddress])).toBeNull();
  });
});
