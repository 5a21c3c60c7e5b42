// Every signed-in page: a header with what the person's role works on, the inbox with its unread
// count, the language switch and sign-out; the page below.
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { can, LOGS_VISITS, READS_DASHBOARD, WORKS_CASES } from "../auth/claims";
import { useSession, useViewer } from "../auth/session";
import { type Language, switchLanguage } from "../i18n";
import { UnreadBadge } from "../notifications/UnreadBadge";

export function AppShell() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const { signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t("skipToContent")}
      </a>
      <header className="app-header">
        <span className="brand">{t("appName")}</span>
        <nav aria-label={t("nav.main")}>
          {can(viewer, READS_DASHBOARD) && <NavLink to="/dashboard">{t("nav.dashboard")}</NavLink>}
          {can(viewer, WORKS_CASES) && <NavLink to="/cases">{t("nav.cases")}</NavLink>}
          {can(viewer, LOGS_VISITS) && <NavLink to="/staff">{t("nav.staff")}</NavLink>}
          {(viewer.role === "partner" || !viewer.role) && <NavLink to="/partner">{t("nav.partner")}</NavLink>}
          {viewer.role === "street_officer" && <NavLink to="/partner/vetting">{t("nav.partner")}</NavLink>}
          {viewer.role && <UnreadBadge />}
        </nav>
        <div className="header-tools">
          <span className="who" title={viewer.sub}>
            {t(`roles.${viewer.role ?? "none"}`)}
          </span>
          <LanguageSwitch />
          <button type="button" className="link" onClick={signOut}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="page">
        <Suspense fallback={<p role="status">{t("loading")}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t("language.label")}</span>
      <select value={i18n.language} onChange={(event) => switchLanguage(event.target.value as Language)} data-testid="language">
        <option value="zh">{t("language.zh")}</option>
        <option value="en">{t("language.en")}</option>
      </select>
    </label>
  );
}
