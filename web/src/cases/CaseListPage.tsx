// The cases the person may see, newest first, filtered by the URL, a page at a time.
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ApiError, execute } from "../api/client";
import { formatDateTime, formatNumber } from "../format";
import { ErrorNotice } from "../layout/ErrorNotice";
import { CaseFilters } from "./CaseFilters";
import { apiFilter, filterFromParams } from "./filters";
import { HolderName } from "./HolderName";
import { CASE_LISTS_KEY } from "./keys";
import { CaseListQuery } from "./queries";

const PAGE_SIZE = 20;

export function CaseListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const variables = apiFilter(filter);
  const list = useInfiniteQuery({
    queryKey: [...CASE_LISTS_KEY, variables],
    queryFn: ({ pageParam, signal }) =>
      // partial: a department's name the API withholds leaves the row, not the list, without it.
      execute(CaseListQuery, { filter: variables, first: PAGE_SIZE, after: pageParam }, { signal, partial: true }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.cases.pageInfo.hasNextPage ? last.cases.pageInfo.endCursor : undefined),
    // The previous filter's cases stay (marked busy) until the new ones arrive, rather than a blank page.
    placeholderData: keepPreviousData,
  });

  const cases = list.data?.pages.flatMap((page) => page.cases.edges.map((edge) => edge.node)) ?? [];
  const total = list.data?.pages[0]?.cases.totalCount;
  const fieldError = list.error instanceof ApiError && list.error.errors.some((error) => error.field) ? list.error : null;

  return (
    <section aria-labelledby="cases-title" className="stack">
      <h1 id="cases-title">{t("cases.list.title")}</h1>
      <CaseFilters filter={filter} error={fieldError} onChange={(next) => setParams(next)} />
      {list.error && <ErrorNotice error={list.error} onRetry={fieldError ? undefined : () => void list.refetch()} />}
      {!list.data && !list.error && <p role="status">{t("loading")}</p>}
      {list.data && (
        <>
          <p
            role="status"
            className="case-total"
            data-testid="case-total"
            data-count={total}
            data-filter={list.isPlaceholderData ? "previous" : "current"}
          >
            {t("cases.list.total", { n: formatNumber(total) })}
          </p>
          {cases.length === 0 ? (
            <p>{t("cases.list.empty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="case-table" aria-busy={list.isPlaceholderData}>
                <caption id="case-table-caption" className="visually-hidden">
                  {t("cases.list.caption")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("cases.columns.category")}</th>
                    <th scope="col">{t("cases.columns.tier")}</th>
                    <th scope="col">{t("cases.columns.status")}</th>
                    <th scope="col">{t("cases.columns.holder")}</th>
                    <th scope="col">{t("cases.columns.raisedAt")}</th>
                    <th scope="col">{t("cases.columns.dueAt")}</th>
                    <th scope="col">{t("cases.columns.overdue")}</th>
                  </tr>
                </thead>
                <tbody>
                  {cases.map((c) => (
                    <tr key={c.id} data-case-id={c.id}>
                      <td data-label={t("cases.columns.category")}>
                        <Link to={`/cases/${c.id}`}>{t(`caseCategory.${c.category}`)}</Link>
                      </td>
                      <td data-label={t("cases.columns.tier")}>{t(`tiers.${c.tier}`)}</td>
                      <td data-label={t("cases.columns.status")}>{t(`caseStatus.${c.status}`)}</td>
                      <td data-label={t("cases.columns.holder")}>
                        <HolderName tier={c.tier} holderCode={c.holderCode} department={c.holderDepartment} />
                      </td>
                      <td data-label={t("cases.columns.raisedAt")}>
                        <time dateTime={c.raisedAt}>{formatDateTime(c.raisedAt)}</time>
                      </td>
                      <td data-label={t("cases.columns.dueAt")}>
                        <time dateTime={c.dueAt}>{formatDateTime(c.dueAt)}</time>
                      </td>
                      <td data-label={t("cases.columns.overdue")} className={c.overdue ? undefined : "empty"}>
                        {c.overdue && <span className="tag overdue">{t("cases.list.overdue")}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {total !== undefined && cases.length < total && (
            <p className="muted">{t("cases.list.showing", { shown: formatNumber(cases.length), total: formatNumber(total) })}</p>
          )}
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? t("loading") : t("more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
