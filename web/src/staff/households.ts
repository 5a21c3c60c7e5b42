// Finding the household visited: the API's householdSearch when the network allows, remembered on
// the phone; without a network, the households found earlier on this phone.
import { execute } from "../api/client";
import type { StaffHouseholdSearchQuery } from "../generated/graphql";
import { isNetworkError, reportRequest } from "./connectivity";
import { HouseholdSearchQuery } from "./queries";
import { type HouseholdChoice, rememberHouseholds, searchRememberedHouseholds } from "./store";

export interface HouseholdSearchAnswer {
  households: HouseholdChoice[];
  /** Answered from the households found earlier on this phone (no network). */
  fromPhone: boolean;
}

type Found = NonNullable<StaffHouseholdSearchQuery["householdSearch"]>["edges"][number]["node"];

const choiceOf = (household: Found): HouseholdChoice => ({
  id: household.id,
  blockCode: household.block.code,
  blockName: household.block.name,
  address: household.address ?? "",
  head: household.residents.find((resident) => resident.isHead)?.name ?? household.residents[0]?.name ?? null,
  size: household.size,
});

export async function findHouseholds(owner: string, scope: string, text: string): Promise<HouseholdSearchAnswer> {
  if (navigator.onLine) {
    try {
      const data = await execute(HouseholdSearchQuery, { scope, text: text.trim() });
      reportRequest();
      const households = (data.householdSearch?.edges ?? []).map((edge) => choiceOf(edge.node));
      await rememberHouseholds(owner, households);
      return { households, fromPhone: false };
    } catch (error) {
      reportRequest(error);
      if (!isNetworkError(error)) throw error;
    }
  }
  return { households: await searchRememberedHouseholds(owner, scope, text), fromPhone: true };
}
