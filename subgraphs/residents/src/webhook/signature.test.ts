import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, verifySignature } from "./signature";

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: "e1", kind: "PAIRING_ACCEPTED" });

  it("verifies a body signed with the secret, now", () => {
    expect(verifySignature(secret, body, signatureHeader(secret, body))).toBe(true);
  });

  it("refuses another body, another secret, an old timestamp and a malformed header", () => {
    const header = signatureHeader(secret, body);
    expect(verifySignature(secret, `${body} `, header)).toBe(false);
    expect(verifySignature(newWebhookSecret(), body, header)).toBe(false);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(verifySignature(secret, body, signatureHeader(secret, body, old))).toBe(false);
    expect(verifySignature(secret, body, "v1=abc")).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
  });
});
