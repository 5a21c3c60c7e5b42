// The dashboard app's pages.
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";

function Placeholder() {
  const { t } = useTranslation();
  return <h1>{t("dashboard.title")}</h1>;
}

export default function DashboardRoutes() {
  return (
    <Routes>
      <Route path="*" element={<Placeholder />} />
    </Routes>
  );
}
