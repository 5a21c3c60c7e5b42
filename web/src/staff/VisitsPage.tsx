// /staff/visits: the visits of a place (?place=, default the person's own), newest first, and the
// view of those waiting for follow-up (?view=waiting: followUpNeeded and no case recorded yet),
// where a case can be raised from each in one step.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { execute } from "../api/client";
import { placeOf } from "../auth/claims";
import { useViewer } from "../auth/session";
import { formatDateTime } from "../format";
import type { StaffVisitsQuery, VisitFilter } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { reportRequest, useOnline } from "./connectivity";
import { VisitsQuery } from "./queries";
import { RaiseCase } from "./RaiseCase";

type Visit = StaffVisitsQuery["visits"]["edges"][number]["node"];

export function VisitsPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const online = useOnline();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const place = params.get("place") || placeOf(viewer);
  const waiting = params.get("view") === "waiting";
  const filter: VisitFilter = {
    ...(place ? { scope: place } : {}),
    ...(waiting ? { followUpNeeded: true, followedUp: false } : {}),
  };
  const queryKey = ["staff", "visits", place, waiting];
  const visits = useInfiniteQuery({
    queryKey,
    queryFn: async ({ pageParam }) => {
      try {
        const data = await execute(VisitsQuery, { filter, after: pageParam });
        reportRequest();
        return data;
      } catch (error) {
        reportRequest(error);
        throw error;
      }
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.visits.pageInfo.hasNextPage ? last.visits.pageInfo.endCursor : undefined),
  });

  const linkTo = (view: "all" | "waiting") => {
    const next = new URLSearchParams(params);
    if (view === "waiting") next.set("view", "waiting");
    else next.delete("view");
    return `/staff/visits?${next.toString()}`;
  };
  const items = visits.data?.pages.flatMap((page) => page.visits.edges.map((edge) => edge.node)) ?? [];

  return (
    <section aria-labelledby="visits-title" className="stack">
      <h1 id="visits-title">{t("staff.visits.title")}</h1>
      <p className="muted">{place ? t("staff.visits.place", { place }) : t("staff.visits.allPlaces")}</p>
      <nav aria-label={t("staff.visits.views")} className="view-switch">
        <Link to={linkTo("all")} aria-current={waiting ? undefined : "page"}>
          {t("staff.visits.all")}
        </Link>
        <Link to={linkTo("waiting")} aria-current={waiting ? "page" : undefined}>
          {t("staff.visits.waiting")}
        </Link>
      </nav>
      {waiting && <p className="muted">{t("staff.visits.waitingHelp")}</p>}
      {visits.error ? (
        <ErrorNotice error={visits.error} onRetry={() => void visits.refetch()} />
      ) : !visits.data ? (
        <p role="status">{online ? t("loading") : t("staff.visits.needsNetwork")}</p>
      ) : items.length === 0 ? (
        <p>{t(waiting ? "staff.visits.emptyWaiting" : "staff.visits.empty")}</p>
      ) : (
        <ul className="visit-list">
          {items.map((visit) => (
            <VisitItem
              key={visit.id}
              visit={visit}
              // Marked stale, not refetched now: the raised case stays on screen with its link.
              onRaised={() => void client.invalidateQueries({ queryKey: ["staff", "visits"], refetchType: "none" })}
            />
          ))}
        </ul>
      )}
      {visits.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void visits.fetchNextPage()}
          disabled={visits.isFetchingNextPage}
        >
          {t("more")}
        </button>
      )}
    </section>
  );
}

function VisitItem({ visit, onRaised }: { visit: Visit; onRaised: () => void }) {
  const { t } = useTranslation();
  const waitingForCase = visit.followUpNeeded && !visit.followedUp;
  return (
    <li className="visit-item" data-testid="visit" data-visit-id={visit.id}>
      <div className="queue-item-head">
        <strong>{visit.household?.address ?? t("staff.queue.walkIn", { name: visit.walkIn?.name ?? t("hidden") })}</strong>
        <time dateTime={visit.occurredAt} className="muted">
          {formatDateTime(visit.occurredAt)}
        </time>
      </div>
      <p className="muted">
        {t(`visitChannel.${visit.channel}`)} · {t(`visitCategory.${visit.category}`)}
        {visit.block ? ` · ${visit.block.name}` : ""}
        {visit.room ? ` · ${t("staff.visits.room", { name: visit.room.name })}` : ""}
      </p>
      <p className="summary">{visit.summary ?? t("staff.visits.noSummary")}</p>
      <p>
        {waitingForCase && <span className="state-tag waiting">{t("staff.visits.followUpNeeded")}</span>}
        {visit.followedUp && <span className="state-tag stored">{t("staff.visits.followedUp")}</span>}
        {visit.cases.map((raised) => (
          <Link key={raised.id} to={`/cases/${raised.id}`} className="case-link">
            {t("staff.visits.caseLink", { status: t(`caseStatus.${raised.status}`) })}
          </Link>
        ))}
      </p>
      {waitingForCase && visit.household && visit.block && (
        <RaiseCase
          visit={{
            id: visit.id,
            channel: visit.channel,
            category: visit.category,
            summary: visit.summary ?? "",
            householdId: visit.household.id,
            blockCode: visit.block.code,
          }}
          onRaised={onRaised}
        />
      )}
    </li>
  );
}
