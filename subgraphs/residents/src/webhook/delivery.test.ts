import { describe, expect, it } from "vitest";
import { retryDelayMs, webhookBody } from "./delivery";

describe("webhook retries", () => {
  const settings = { retryBaseMs: 10_000, retryMaxMs: 3_600_000 };

  it("doubles the wait after each failed attempt, up to the cap, with up to a quarter more at random", () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, settings, 0))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30, settings, 0)).toBe(3_600_000);
    expect(retryDelayMs(1, settings, 1)).toBe(12_500);
  });

  it("sends the event's ids, places and times as the body", () => {
    const body = webhookBody({
      eventId: "e",
      kind: "PAIRING_ACCEPTED",
      occurredAt: new Date("2026-11-29T08:00:00Z"),
      partnerId: "p",
      pairingId: "q",
      placeCode: "310105001001001",
      data: { contactShared: false },
    });
    expect(JSON.parse(body)).toEqual({
      id: "e",
      kind: "PAIRING_ACCEPTED",
      occurredAt: "2026-11-29T08:00:00.000Z",
      partnerId: "p",
      pairingId: "q",
      placeCode: "310105001001001",
      data: { contactShared: false },
    });
  });
});
