import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isPlainSecret, openWebhookSecret, sealWebhookSecret, webhookSecretsKey } from "./secret-box";
import { newWebhookSecret } from "./signature";

describe("webhook secrets at rest", () => {
  const key = webhookSecretsKey("k".repeat(40));
  const secret = newWebhookSecret();
  const webhook = randomUUID();

  it("are stored sealed, without the secret in them, and open with the key for their webhook", async () => {
    const sealed = await sealWebhookSecret(key, webhook, secret);
    expect(sealed.split(".")).toHaveLength(5);
    expect(isPlainSecret(sealed)).toBe(false);
    expect(sealed).not.toContain(secret.slice("whsec_".length));
    expect(await openWebhookSecret(key, webhook, sealed)).toBe(secret);
    // A new nonce each time: two seals of one secret differ.
    expect(await sealWebhookSecret(key, webhook, secret)).not.toBe(sealed);
  });

  it("do not open with another key, on another webhook, or altered", async () => {
    const sealed = await sealWebhookSecret(key, webhook, secret);
    await expect(openWebhookSecret(webhookSecretsKey("x".repeat(40)), webhook, sealed)).rejects.toThrow();
    await expect(openWebhookSecret(key, randomUUID(), sealed)).rejects.toThrow(/another's/);
    const [header, encryptedKey, iv, ciphertext, tag] = sealed.split(".");
    const flipped = `${ciphertext![0] === "A" ? "B" : "A"}${ciphertext!.slice(1)}`;
    await expect(openWebhookSecret(key, webhook, [header, encryptedKey, iv, flipped, tag].join("."))).rejects.toThrow();
  });

  it("stored before sealing are read as they are (until they are sealed), and nothing else is", async () => {
    expect(isPlainSecret(secret)).toBe(true);
    expect(await openWebhookSecret(key, webhook, secret)).toBe(secret);
    const sealed = await sealWebhookSecret(key, webhook, secret);
    for (const damaged of [sealed.slice(0, -4), "whsec_short", "", "a.b.c.d.e"]) {
      await expect(openWebhookSecret(key, webhook, damaged), damaged).rejects.toThrow();
    }
  });
});
