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

/**
 * The secret a stored value holds; throws when it was sealed with another key, for another webhook,
 * or is neither sealed nor a secret as an earlier version stored it.
 */
export async function openWebhookSecret(key: SecretsKey, webhookId: string, stored: string): Promise<string> {
  // Stored before secrets were sealed (sealStoredWebhookSecrets seals those).
  if (isPlainSecret(stored)) return stored;
  const { plaintext, protectedHeader } = await compactDecrypt(stored, key, {
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  if (protectedHeader.webhook !== webhookId) throw new Error(`the secret stored on webhook ${webhookId} is another's`);
  return new TextDecoder().decode(plaintext);
}

/** A secret as newWebhookSecret makes it ("whsec_" and 32 bytes in base64url), stored before sealing. */
export function isPlainSecret(stored: string): boolean {
  return PLAIN_SECRET.test(stored);
}
const PLAIN_SECRET = /^whsec_[A-Za-z0-9_-]{43}$/;
