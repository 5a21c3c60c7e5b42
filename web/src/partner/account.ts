// The signed-in person's partner account. The API decides who acts for an organisation from the
// token's subject (subgraphs/residents/src/account/access.ts): a person who registers or accepts an
// invitation keeps the same token, without a role claim, and acts for the organisation once it is
// approved. So the pages ask myPartnerAccount, never the token's role, what the person may do.
import { useQuery } from "@tanstack/react-query";
import { execute } from "../api/client";
import type { MyClosedPartnerAccountQuery as ClosedAccountData, MyPartnerAccountQuery } from "../generated/graphql";
import { MyPartnerAccountQuery as AccountQuery, MyClosedPartnerAccountQuery, OwnPartnerQuery, StreetsQuery } from "./queries";

export type PartnerAccount = NonNullable<MyPartnerAccountQuery["myPartnerAccount"]>;

export const ACCOUNT_KEY = ["partner", "account"] as const;

export function useMyAccount() {
  return useQuery({ queryKey: ACCOUNT_KEY, queryFn: () => execute(AccountQuery) });
}

export type ClosedPartnerAccount = NonNullable<ClosedAccountData["myClosedPartnerAccount"]>;

export const CLOSED_ACCOUNT_KEY = ["partner", "closed-account"] as const;

/** The person's last closed account (rejected, or removed); the API answers null while they have a live one. */
export function useMyClosedAccount() {
  return useQuery({ queryKey: CLOSED_ACCOUNT_KEY, queryFn: () => execute(MyClosedPartnerAccountQuery) });
}

export function useOwnPartner(partnerId: string) {
  return useQuery({ queryKey: ["partner", "own", partnerId], queryFn: () => execute(OwnPartnerQuery, { id: partnerId }) });
}

/** The district's street offices (code and name), from the open data anyone may read; they seldom change. */
export function useStreets() {
  return useQuery({
    queryKey: ["partner", "streets"],
    queryFn: () => execute(StreetsQuery),
    staleTime: Number.POSITIVE_INFINITY,
    select: (data) => data.openData.rows,
  });
}

/** A street's name where the list is known, else its code. */
export function useStreetName(code: string): string {
  const streets = useStreets();
  return streets.data?.find((street) => street.code === code)?.name ?? code;
}
