// The pages of an approved organisation's work: for a person whose account acts for one.
import type { ReactNode } from "react";
import { useViewer } from "../auth/session";
import { ErrorNotice } from "../layout/ErrorNotice";
import { type PartnerAccount, useMyAccount } from "./account";
import { Loading, NotActing, NotForYourRole } from "./parts";

export function RequireApprovedPartner({ children }: { children: (account: PartnerAccount) => ReactNode }) {
  const viewer = useViewer();
  const account = useMyAccount();
  if (viewer.role && viewer.role !== "partner") return <NotForYourRole />;
  if (account.error) return <ErrorNotice error={account.error} onRetry={() => void account.refetch()} />;
  if (!account.data) return <Loading />;
  const mine = account.data.myPartnerAccount;
  if (mine?.registration.status !== "APPROVED") return <NotActing />;
  return children(mine);
}
