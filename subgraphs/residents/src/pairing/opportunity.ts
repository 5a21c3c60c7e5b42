// Pairing opportunities: what an approved partner may know of the households in need of its street
// before any of them agreed to anything: the block, the needs, a size band and an opaque id. The id
// is the household's id sealed for that partner (AES-256-GCM with the partner's id as associated
// data; see opportunity-id.ts).
import { blockCodeRange } from "@grassroots/jurisdiction";
import { badUserInput, type PageWindow, resolveConnection } from "@grassroots/platform";
import { builder } from "../builder";
import type { Context } from "../context";
import { Prisma } from "../generated/prisma/client";
import { NeedCategory } from "../household/household";
import type { Connection } from "../input";
import { openOpportunity, sealOpportunity } from "./opportunity-id";

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
