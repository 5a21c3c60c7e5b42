// Every staff page: whether the network is there (and what that means for visits), the two pages,
// and the queue's sending, which runs on every staff page from the moment the app opens.
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { can, LOGS_VISITS } from "../auth/claims";
import { useViewer } from "../auth/session";
import { useOnline } from "./connectivity";
import { useQueue, useQueueSending } from "./queue-hooks";
import { useOfflineReady } from "./service-worker";

export function StaffLayout() {
  const { t } = useTranslation();
  const viewer = useViewer();
  if (!can(viewer, LOGS_VISITS)) return <p>{t("staff.notForRole")}</p>;
  return <StaffPages owner={viewer.sub} />;
}

function StaffPages({ owner }: { owner: string }) {
  const { t } = useTranslation();
  const online = useOnline();
  const offlineReady = useOfflineReady();
  useQueueSending(owner, useQueue(owner));
  return (
    <div className="staff">
      <div className={`network ${online ? "online" : "offline"}`} role="status" data-testid="network" data-online={online}>
        <span className="dot" aria-hidden="true" />
        <span>{t(online ? "staff.network.online" : "staff.network.offline")}</span>
        {offlineReady && (
          <span className="muted" data-testid="offline-ready">
            {t("staff.network.offlineReady")}
          </span>
        )}
      </div>
      <nav aria-label={t("staff.nav.label")} className="staff-nav">
        <NavLink to="/staff" end>
          {t("staff.nav.log")}
        </NavLink>
        <NavLink to="/staff/visits">{t("staff.nav.visits")}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
