import { describe, expect, it } from "vitest";
import { isDeadlock, retryingDeadlocks } from "./errors";

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });

describe("a transaction refused as one side of a deadlock", () => {
  it("is run again, and answers what its next run answers", async () => {
    let runs = 0;
    const answer = await retryingDeadlocks(async () => {
      runs++;
      if (runs < 3) throw deadlock();
      return "stored";
    });
    expect([answer, runs]).toEqual(["stored", 3]);
  });

  it("is run at most `attempts` times, then its refusal passes on", async () => {
    let runs = 0;
    const failing = retryingDeadlocks(async () => {
      runs++;
      throw deadlock();
    }, 2);
    await expect(failing).rejects.toThrow(/deadlock detected/);
    expect(runs).toBe(2);
  });

  it("is told apart from every other error, which passes on at once", async () => {
    let runs = 0;
    const failing = retryingDeadlocks(async () => {
      runs++;
      throw Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    });
    await expect(failing).rejects.toThrow(/duplicate key/);
    expect(runs).toBe(1);
    // Through a driver adapter, the SQLSTATE rides on the cause.
    expect(isDeadlock({ cause: { originalCode: "40P01" } })).toBe(true);
    expect(isDeadlock(new Error("could not serialize access"))).toBe(false);
  });
});
