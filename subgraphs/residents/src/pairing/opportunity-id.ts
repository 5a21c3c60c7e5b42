// Opportunity ids: a household's id sealed for one partner (AES-256-GCM with the partner's id as
// associated data, under a key made once per database and never leaving it; its IV an HMAC of the
// pair, so the same household keeps one id per partner across pages). Only this subgraph opens it;
// another partner's copy of it opens to nothing; no partner can turn it into a household id.
// Kept apart from the schema module so that importing it registers no field.
import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { isUuid } from "@grassroots/platform";
import type { ResidentsPrisma } from "../prisma";

const keys = new WeakMap<ResidentsPrisma, Promise<{ seal: Buffer; iv: Buffer }>>();

/** The database's opportunity key (migration 0005), read once per client and split in two. */
function opportunityKeys(prisma: ResidentsPrisma) {
  let found = keys.get(prisma);
  if (!found) {
    found = prisma.$queryRaw<{ secret: Uint8Array }[]>`SELECT secret FROM pairing_opportunity_key WHERE id = 1`.then(([row]) => {
      if (!row) throw new Error("The residents database has no pairing opportunity key (migration 0005).");
      const secret = Buffer.from(row.secret);
      const derive = (purpose: string) => createHmac("sha256", secret).update(purpose).digest();
      return { seal: derive("seal"), iv: derive("iv") };
    });
    // A failed read is tried again by the next request rather than remembered.
    found.catch(() => keys.delete(prisma));
    keys.set(prisma, found);
  }
  return found;
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The opportunity id of a household for a partner. */
export async function sealOpportunity(prisma: ResidentsPrisma, partnerId: string, householdId: string): Promise<string> {
  const { seal, iv: ivKey } = await opportunityKeys(prisma);
  const iv = createHmac("sha256", ivKey).update(`${partnerId}:${householdId}`).digest().subarray(0, 12);
  const cipher = createCipheriv("aes-256-gcm", seal, iv);
  cipher.setAAD(Buffer.from(partnerId));
  const sealed = Buffer.concat([cipher.update(uuidBytes(householdId)), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url");
}

/** The household an opportunity id stands for, if it was made for this partner; null otherwise. */
export async function openOpportunity(prisma: ResidentsPrisma, partnerId: string, opportunityId: string): Promise<string | null> {
  const bytes = Buffer.from(opportunityId, "base64url");
  if (bytes.length !== 44 || bytes.toString("base64url") !== opportunityId) return null;
  const { seal } = await opportunityKeys(prisma);
  try {
    const decipher = createDecipheriv("aes-256-gcm", seal, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(partnerId));
    decipher.setAuthTag(bytes.subarray(28));
    const householdId = uuidOf(Buffer.concat([decipher.update(bytes.subarray(12, 28)), decipher.final()]));
    return isUuid(householdId) ? householdId : null;
  } catch {
    return null;
  }
}
