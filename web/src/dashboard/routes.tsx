// The dashboard app's pages: /dashboard is the place the person serves, /dashboard/place/:code any
// place they may see (the API decides, and its refusal is shown in words).
import "./dashboard.css";
import { useTranslation } from "react-i18next";
import { Route, Routes, useParams } from "react-router";
import { placeOf } from "../auth/claims";
import { useViewer } from "../auth/session";
import { PlacePage } from "./PlacePage";

/**
 * Where admins, who serve no place, start: the district this deployment serves (the demo district,
 * packages/demo-district's DISTRICT). Department officers start at their department's district.
 */
const HOME_DISTRICT = "310105";

function OwnPlace() {
  const viewer = useViewer();
  const code = placeOf(viewer) ?? HOME_DISTRICT;
  return <PlacePage key={code} code={code} />;
}

// Keyed by the code: another place starts afresh rather than showing the last place's figures meanwhile.
function AnyPlace() {
  const { code = "" } = useParams();
  return <PlacePage key={code} code={code} />;
}

function NotFound() {
  const { t } = useTranslation();
  return <p>{t("errors.NOT_FOUND")}</p>;
}

export default function DashboardRoutes() {
  return (
    <Routes>
      <Route index element={<OwnPlace />} />
      <Route path="place/:code" element={<AnyPlace />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
