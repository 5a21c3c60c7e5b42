// The partner app's pages.
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";

function Placeholder() {
  const { t } = useTranslation();
  return <h1>{t("partner.title")}</h1>;
}

export default function PartnerRoutes() {
  return (
    <Routes>
      <Route path="*" element={<Placeholder />} />
    </Routes>
  );
}
