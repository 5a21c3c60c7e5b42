// The staff app: logging visits from a phone that may be offline (/staff), and the visits of the
// person's place with those still waiting for a case (/staff/visits?place=&view=waiting).
import "./staff.css";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { LogVisitPage } from "./LogVisitPage";
import { StaffLayout } from "./StaffLayout";
import { registerServiceWorker } from "./service-worker";
import { VisitsPage } from "./VisitsPage";

// Once, when the staff app first loads: from then on the app opens without a network.
registerServiceWorker();

function NotFound() {
  const { t } = useTranslation();
  return <p>{t("errors.NOT_FOUND")}</p>;
}

export default function StaffRoutes() {
  return (
    <Routes>
      <Route element={<StaffLayout />}>
        <Route index element={<LogVisitPage />} />
        <Route path="visits" element={<VisitsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
