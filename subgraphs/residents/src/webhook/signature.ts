// How webhook bodies are signed (docs/notifications.md, for partners who verify them): HMAC-SHA256
// with the webhook's secret over "<unix seconds>.<raw body>", sent as
// `Grassroots-Signature: t=<unix seconds>,v1=<hex digest>`. The timestamp is signed too, so a
// captured delivery cannot be replayed later as new; receivers refuse old timestamps.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "grassroots-signature";

/** A new webhook secret: 32 random bytes, shown to the partner once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The signature header's value for this body, signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

/**
 * What a partner's server does (the reference for docs/notifications.md): parse the header, refuse a
 * timestamp more than `toleranceSeconds` from now, compare the digest in constant time.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  { toleranceSeconds = 300, now = Date.now() } = {},
): boolean {
  const parts = new Map(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const signature = parts.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(digest(secret, timestamp, body), "hex");
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
