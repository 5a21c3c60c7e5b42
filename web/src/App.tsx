// The routes of the four apps on one origin. Each app's pages load when first visited, so the
// first view carries only its own code.
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router";
import { SignedInPage, SignInPage } from "./auth/SignInPage";
import { useSession } from "./auth/session";
import { AppShell, LanguageSwitch } from "./layout/AppShell";
import { homeOf } from "./layout/home";
import { InboxPage } from "./notifications/InboxPage";

const DashboardRoutes = lazy(() => import("./dashboard/routes"));
const CaseRoutes = lazy(() => import("./cases/routes"));
const StaffRoutes = lazy(() => import("./staff/routes"));
const PartnerRoutes = lazy(() => import("./partner/routes"));

export function App() {
  const { t } = useTranslation();
  const { viewer } = useSession();
  if (!viewer) {
    return (
      <>
        <header className="app-header">
          <span className="brand">{t("appName")}</span>
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </header>
        <Routes>
          <Route path="/signed-in" element={<SignedInPage />} />
          <Route path="*" element={<SignInPage />} />
        </Routes>
      </>
    );
  }
  return (
    <Suspense fallback={<p role="status">{t("loading")}</p>}>
      <Routes>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to={homeOf(viewer)} replace />} />
          <Route path="dashboard/*" element={<DashboardRoutes />} />
          <Route path="cases/*" element={<CaseRoutes />} />
          <Route path="staff/*" element={<StaffRoutes />} />
          <Route path="partner/*" element={<PartnerRoutes />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="signed-in" element={<Navigate to={homeOf(viewer)} replace />} />
          <Route path="*" element={<p>{t("errors.NOT_FOUND")}</p>} />
        </Route>
      </Routes>
    </Suspense>
  );
}
