// Pairing opportunities: what an approved partner may know of the households in need of its street
// before any of them agreed to anything: the block, the needs, a size band and an opaque id. The id
// is the household's id sealed for that partner (AES-256-GCM with the partner's id as associated
// data, under a key made once per database and never leaving it; its IV an HMAC of the pair, so the
// same household keeps one id per partner across pages). Only this subgraph opens it; another
// partner's copy of it opens to nothing; no partner can turn it into a household id.
import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";
import { blockCodeRange } from "@grassroots/jurisdiction";
import { badUserInput, isUuid, type PageWindow, resolveConnection } from "@grassroots/platform";
import { builder } from "../builder";
import type { Context } from "../context";
import { Prisma } from "../generated/prisma/client";
import { NeedCategory } from "../household/household";
import type { Connection } from "../input";
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

export const HouseholdSizeBand = builder.enumType("HouseholdSizeBand", {
  description: "How many people live in a household, in bands wide enough not to single one out.",
  values: ["ONE", "TWO", "THREE_OR_FOUR", "FIVE_OR_MORE"] as const,
});

export function sizeBand(size: number) {
  return size <= 1 ? "ONE" : size === 2 ? "TWO" : size <= 4 ? "THREE_OR_FOUR" : "FIVE_OR_MORE";
}

interface Opportunity {
  id: string;
  blockCode: string;
  needs: string[];
  size: number;
}

const PairingOpportunity = builder.objectRef<Opportunity>("PairingOpportunity").implement({
  description:
    "A household in need of the partner's street with a place open for pairing, as the partner may know it before the household agreed to anything: no name, phone or address.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Opaque, for this partner only: pass it to requestPairing as opportunityId." }),
    blockCode: t.exposeID("blockCode", { description: "The 15-digit code of the household's block." }),
    needs: t.field({ type: [NeedCategory], resolve: (opportunity) => opportunity.needs as never }),
    householdSize: t.field({ type: HouseholdSizeBand, resolve: (opportunity) => sizeBand(opportunity.size) }),
  }),
});

/** One page of the partner's street's households in need with a place open, in household id order. */
async function opportunityPage(context: Context, partnerId: string, window: PageWindow): Promise<Opportunity[]> {
  const partner = await context.loaders.partner.load(partnerId);
  if (!partner) return [];
  const open = async (cursor: string | null, field: string) => {
    if (cursor === null) return null;
    const householdId = await openOpportunity(context.prisma, partnerId, cursor);
    if (!householdId) throw badUserInput("This cursor is not one of your opportunities.", { field });
    return householdId;
  };
  const after = await open(window.after, "after");
  const before = await open(window.before, "before");
  const { from, to } = blockCodeRange(partner.streetCode);
  const rows = await context.prisma.$queryRaw<{ id: string; blockCode: string; needs: string[]; size: number }[]>`
    SELECT h.id, h.block_code AS "blockCode", h.needs::text[] AS needs, h.size
    FROM household h
    WHERE h.block_code BETWEEN ${from} AND ${to} AND cardinality(h.needs) > 0
      AND (${after}::uuid IS NULL OR h.id > ${after}::uuid)
      AND (${before}::uuid IS NULL OR h.id < ${before}::uuid)
      AND (SELECT count(*) FROM pairing p WHERE p.household_id = h.id AND p.status IN ('PROPOSED', 'ACTIVE'))
        < ${context.settings.pairingPlacesPerHousehold}
      AND NOT EXISTS (SELECT 1 FROM pairing p WHERE p.household_id = h.id AND p.partner_id = ${partnerId}::uuid
        AND p.status IN ('PROPOSED', 'ACTIVE'))
    ORDER BY h.id ${window.inverted ? Prisma.sql`DESC` : Prisma.sql`ASC`}
    LIMIT ${window.limit}`;
  return Promise.all(rows.map(async (row) => ({ ...row, id: await sealOpportunity(context.prisma, partnerId, row.id) })));
}

builder.queryFields((t) => ({
  pairingOpportunities: t.connection({
    type: PairingOpportunity,
    nullable: true,
    description:
      "For a partner organisation's account: households in need of its street with a place open for pairing, without who they are; pages of at most 100 in a stable order.",
    authScopes: { partner: true },
    resolve: (_root, args, context) => {
      const partnerId = context.access.partnerId!;
      // Cursors are opportunity ids too: the partner never holds a household id.
      return resolveConnection(
        args,
        (opportunity: Opportunity) => opportunity.id,
        (window) => opportunityPage(context, partnerId, window),
      ) as Promise<Connection<Opportunity>>;
    },
  }),
}));
