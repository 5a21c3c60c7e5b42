// Registration limits at the residents subgraph, executed on its schema with a context that
// carries a client address (the platform does not pass the gateway's x-client-address header yet).
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../src/context";
import { SlidingWindowLimiter } from "../src/partner/registration-limits";
import { DEFAULT_SETTINGS } from "../src/settings";
import { residentsSchema } from "../src/subgraph";
import { key, person, REGISTER, registration, type Subgraph, startResidents } from "./support";

// The schema is built with the graphql that Node resolves (CommonJS); execute it with the same one.
const { graphql } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

let subgraph: Subgraph;
beforeAll(async () => {
  subgraph = await startResidents();
});
afterAll(() => subgraph?.close());

const settings = {
  ...DEFAULT_SETTINGS,
  registrationLimits: {
    perAddress: { max: 2, windowSeconds: 600 },
    perStreet: { max: 3, windowSeconds: 3600 },
    perCreditCode: { max: 5, windowSeconds: 3600 },
  },
};

describe("registration limits", () => {
  it("refuses a client address past its limit with retryAfterSeconds, then the street office", async () => {
    const registrations = new SlidingWindowLimiter();
    const register = async (clientAddress: string, idempotencyKey = key(), input = registration(), as = person()) =>
      graphql({
        schema: residentsSchema,
        source: REGISTER,
        variableValues: { input, key: idempotencyKey },
        contextValue: await createContext(subgraph.prisma, as, { settings, registrations, clientAddress }),
      });
    const firstInput = registration();
    const firstKey = key();
    const firstRegistrant = person();
    expect((await register("203.0.113.7", firstKey, firstInput, firstRegistrant)).errors).toBeUndefined();
    expect((await register("203.0.113.7")).errors).toBeUndefined();
    const third = await register("203.0.113.7");
    expect(third.errors?.[0]?.extensions).toEqual({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: expect.any(Number) });
    expect(third.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(590);
    expect(third.errors?.[0]?.message).toMatch(/from your network\. Try again in 10 minutes\./);
    // A retry of a registration already made only reads the first answer: never refused.
    const retry = await register("203.0.113.7", firstKey, firstInput, firstRegistrant);
    expect(retry.errors).toBeUndefined();

    expect((await register("198.51.100.1")).errors).toBeUndefined();
    const street = await register("198.51.100.2");
    expect(street.errors?.[0]?.extensions?.code).toBe("TOO_MANY_REQUESTS");
    expect(street.errors?.[0]?.message).toMatch(/street office 310105001/);
  });
});
