// Who holds a case, in words: the department's name at the top tier, else the tier and place code.
import { useTranslation } from "react-i18next";
import type { Tier } from "../generated/graphql";

export function HolderName({
  tier,
  holderCode,
  department,
}: {
  tier: Tier;
  holderCode: string;
  department?: { name: string } | null;
}) {
  const { t } = useTranslation();
  if (tier === "DEPARTMENT" && department) return <>{department.name}</>;
  return <>{t("cases.holder.place", { tier: t(`tiers.${tier}`), code: holderCode })}</>;
}
