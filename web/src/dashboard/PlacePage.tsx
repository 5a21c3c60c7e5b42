// One place's dashboard: the way back up, its own figures, the places below it (or a block's team)
// and the charts. One query answers the page; the charts' code loads after the table shows.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { execute, mayPassOnRetry } from "../api/client";
import { ErrorNotice } from "../layout/ErrorNotice";
import { Breadcrumb } from "./Breadcrumb";
import { ChildrenTable } from "./ChildrenTable";
import { PeriodPicker } from "./PeriodPicker";
import { paramsOf, periodInput, type Selection, selectionOf } from "./period";
import { pageOf } from "./place";
import { PlaceDashboardQuery } from "./queries";
import { Summary } from "./Summary";
import { Team } from "./Team";

const Charts = lazy(() => import("./charts/Charts"));

export function PlacePage({ code }: { code: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const selection = selectionOf(search);
  const period = periodInput(selection);
  const asOf = selection.asOf;
  const answer = useQuery({
    queryKey: ["dashboard", "place", code, period ?? null, asOf ?? null],
    queryFn: async ({ signal }) => {
      const data = await execute(PlaceDashboardQuery, { code, period, asOf }, { signal });
      return data.jurisdiction ? pageOf(data.jurisdiction) : null;
    },
    // Another period keeps the figures shown until the new ones come (another place is a new page: see routes.tsx).
    placeholderData: keepPreviousData,
  });
  const choose = (next: Selection) => setSearch(paramsOf(next));
  const page = answer.data;

  return (
    <section className="dashboard stack" data-place={code} aria-busy={answer.isFetching} aria-labelledby="place-title">
      {page && <Breadcrumb ancestors={page.ancestors} place={page.place} />}
      <div className="toolbar">
        <h1 id="place-title">
          {page ? page.place.name : t("dashboard.title")}
          {page && <span className="tag">{t(`levels.${page.place.level}`)}</span>}
        </h1>
        {answer.isFetching && page && (
          <span role="status" className="muted">
            {t("dashboard.updating")}
          </span>
        )}
      </div>
      <PeriodPicker selection={selection} onChange={choose} />
      {answer.error ? (
        <>
          <ErrorNotice error={answer.error} onRetry={mayPassOnRetry(answer.error) ? () => void answer.refetch() : undefined} />
          <p>
            <Link to="/dashboard">{t("dashboard.backHome")}</Link>
          </p>
        </>
      ) : answer.isPending ? (
        <p role="status">{t("loading")}</p>
      ) : !page ? (
        <p>
          {t("dashboard.notFound")} <Link to="/dashboard">{t("dashboard.backHome")}</Link>
        </p>
      ) : (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">{t("dashboard.summary")}</h2>
            <Summary place={page.place} period={period} />
          </section>
          {page.children && (
            <section aria-labelledby="children-title">
              <h2 id="children-title">{t(`dashboard.children.${page.place.level}`)}</h2>
              <ChildrenTable parent={page.place} places={page.children} period={period} />
            </section>
          )}
          {page.team && <Team members={page.team} />}
          <DeferredCharts>
            <Suspense fallback={<p role="status">{t("dashboard.charts.loading")}</p>}>
              <Charts place={page.place} below={page.children} />
            </Suspense>
          </DeferredCharts>
        </>
      )}
    </section>
  );
}

/**
 * Renders its children from the frame after the figures were painted: the charts are the largest
 * part of the dashboard's code (ECharts), and no figure should wait for them to be fetched.
 */
function DeferredCharts({ children }: { children: ReactNode }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted ? children : null;
}
