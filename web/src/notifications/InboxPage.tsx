// Everyone's inbox: what is addressed to their role and place, or to them; newest first.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { execute } from "../api/client";
import { formatDateTime } from "../format";
import { ErrorNotice } from "../layout/ErrorNotice";
import { InboxQuery, MarkReadMutation } from "./queries";
import { UNREAD_KEY } from "./UnreadBadge";

export function InboxPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const inbox = useInfiniteQuery({
    queryKey: ["notifications", "inbox"],
    queryFn: ({ pageParam }) => execute(InboxQuery, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.myNotifications.pageInfo.hasNextPage ? last.myNotifications.pageInfo.endCursor : undefined),
  });
  const markRead = useMutation({
    mutationFn: (ids: string[]) => execute(MarkReadMutation, { ids }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["notifications"] });
      void client.invalidateQueries({ queryKey: UNREAD_KEY });
    },
  });

  if (inbox.error) return <ErrorNotice error={inbox.error} onRetry={() => void inbox.refetch()} />;
  if (!inbox.data) return <p role="status">{t("loading")}</p>;
  const items = inbox.data.pages.flatMap((page) => page.myNotifications.edges.map((edge) => edge.node));
  const unreadIds = items.filter((item) => !item.read).map((item) => item.id);

  return (
    <section aria-labelledby="inbox-title">
      <div className="toolbar">
        <h1 id="inbox-title">{t("notifications.title")}</h1>
        <button type="button" disabled={unreadIds.length === 0 || markRead.isPending} onClick={() => markRead.mutate(unreadIds)}>
          {t("notifications.markAllRead")}
        </button>
      </div>
      {markRead.error && <ErrorNotice error={markRead.error} />}
      {items.length === 0 && <p>{t("notifications.empty")}</p>}
      <ul className="inbox">
        {items.map((item) => (
          <li key={item.id} className={item.read ? "read" : "unread"}>
            <div>
              <strong>{t(`notifications.kind.${item.kind}`)}</strong>
              {!item.read && <span className="tag">{t("notifications.new")}</span>}
              <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt)}</time>
            </div>
            <p>{item.summary}</p>
            {item.dueAt && (
              <p className="muted">
                {t("notifications.due")} {formatDateTime(item.dueAt)}
              </p>
            )}
            <div className="actions">
              {item.caseId && <Link to={`/cases/${item.caseId}`}>{t("notifications.openCase")}</Link>}
              {!item.read && (
                <button type="button" className="link" onClick={() => markRead.mutate([item.id])}>
                  {t("notifications.markRead")}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {inbox.hasNextPage && (
        <button type="button" onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
          {t("more")}
        </button>
      )}
    </section>
  );
}
