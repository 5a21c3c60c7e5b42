// Webhook secrets at rest. The deliveries are signed with them, so they must be read back, not
// hashed; they are stored sealed instead: a JWE (direct key, AES-256-GCM) under the deployment's
// WEBHOOK_SECRETS_KEY, with its webhook's id in the protected header. A copy of the database (a
// backup, a replica, a dump handed to support) then lets nobody sign as us to a partner, and a sealed
// secret copied onto another webhook does not open there.
import { hkdfSync } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";

/** The 256-bit key that seals webhook secrets, derived from the configured WEBHOOK_SECRETS_KEY. */
export type SecretsKey = Uint8Array;

export function webhookSecretsKey(configured: string): SecretsKey {
  return new Uint8Array(hkdfSync("sha256", configured, "grassroots-graph", "webhook secrets", 32));
}

/** A secret as stored: sealed for this webhook. */
export function sealWebhookSecret(key: SecretsKey, webhookId: string, secret: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(secret))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", webhook: webhookId })
    .encrypt(key);
}

/** The secret a stored value holds; throws when it was sealed with another key or for another webhook. */
export async function openWebhookSecret(key: SecretsKey, webhookId: string, stored: string): Promise<string> {
  // Stored before secrets were sealed (sealStoredWebhookSecrets seals those at start).
  if (!isSealed(stored)) return stored;
  const { plaintext, protectedHeader } = await compactDecrypt(stored, key);
  if (protectedHeader.webhook !== webhookId) throw new Error(`the secret stored on webhook ${webhookId} is another's`);
  return new TextDecoder().decode(plaintext);
}

/** Whether a stored value is sealed (a compact JWE: five parts); secrets themselves hold no dot. */
export function isSealed(stored: string): boolean {
  return stored.split(".").length === 5;
}
