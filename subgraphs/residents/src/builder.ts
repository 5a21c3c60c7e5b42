import { type BaseAuthScopes, baseScopes } from "@grassroots/access";
import { createSubgraphBuilder } from "@grassroots/platform";
import type { Context } from "./context";
import type PrismaTypes from "./generated/pothos-types";
import { getDatamodel } from "./generated/pothos-types";
import { vetsPartnersOf } from "./partner/access";

interface AuthScopes extends BaseAuthScopes {
  /** A household the viewer may see: they serve its block. Partners never see households (see myPairings). */
  seeHousehold: { blockCode: string };
  /** Any partner organisation's account. */
  partner: boolean;
  /** The viewer acts for this partner organisation (its id). */
  ownPartner: string;
  /** The viewer vets partners registered with this street (its code): the street's officers. */
  vetPartners: string;
  /** A pairing the viewer may see: their own organisation's, or one in a block they serve. */
  seePairing: { partnerId: string; blockCode: string };
  /** The pairing's free texts (check-ins): its own partner, or those who get residents' data in full. */
  readPairingText: { partnerId: string; blockCode: string };
}

export const builder = createSubgraphBuilder<PrismaTypes, Context, AuthScopes>(getDatamodel(), (context) => {
  const { access } = context;
  return {
    ...baseScopes(access),
    seeHousehold: (household) => access.canSeeHousehold(household.blockCode),
    partner: access.partnerId !== null,
    ownPartner: (partnerId) => access.partnerId === partnerId,
    vetPartners: (streetCode) => vetsPartnersOf(context, streetCode),
    seePairing: ({ partnerId, blockCode }) => access.partnerId === partnerId || access.servesBlock(blockCode),
    readPairingText: ({ partnerId, blockCode }) => access.partnerId === partnerId || access.personalData(blockCode) === "full",
  };
});

// Mutations need a signed-in caller unless they say otherwise, as queries do.
builder.mutationType({ authScopes: { authenticated: true } as never });
