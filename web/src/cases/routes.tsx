// The cases app's pages.
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";

function Placeholder() {
  const { t } = useTranslation();
  return <h1>{t("cases.title")}</h1>;
}

export default function CasesRoutes() {
  return (
    <Routes>
      <Route path="*" element={<Placeholder />} />
    </Routes>
  );
}
