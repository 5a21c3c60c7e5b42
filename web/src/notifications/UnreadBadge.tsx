// The unread count in the header: asked every minute, and again whenever the inbox changes it.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { execute } from "../api/client";
import { UnreadCountQuery } from "./queries";

export const UNREAD_KEY = ["notifications", "unread"] as const;

export function UnreadBadge() {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => execute(UnreadCountQuery),
    refetchInterval: 60_000,
  });
  const unread = data?.myNotifications.unreadCount ?? 0;
  return (
    <NavLink to="/inbox" className="inbox-link">
      {t("nav.inbox")}
      {unread > 0 && (
        <>
          <span className="badge" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
          <span className="visually-hidden">{t("notifications.unread", { count: unread })}</span>
        </>
      )}
    </NavLink>
  );
}
