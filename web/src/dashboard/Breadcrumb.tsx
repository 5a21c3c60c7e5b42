// The way back up: every place above this one, then this one.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { placeUrl } from "./links";
import type { PlaceRef } from "./place";

export function Breadcrumb({ ancestors, place }: { ancestors: PlaceRef[]; place: PlaceRef }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  return (
    <nav aria-label={t("dashboard.breadcrumb")} className="breadcrumb">
      <ol>
        {ancestors.map((ancestor) => (
          <li key={ancestor.code}>
            <Link to={placeUrl(ancestor.code, search)}>{ancestor.name}</Link>
          </li>
        ))}
        <li aria-current="page">{place.name}</li>
      </ol>
    </nav>
  );
}
