// One case: where it stands, its deadlines and commitment, what the person may do with it, and its
// ledger (clocks, events, revisits), with possible duplicates. Texts that may name residents are
// asked only of the API when the role may read them; otherwise they show as hidden.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, execute } from "../api/client";
import { useViewer } from "../auth/session";
import { formatDate, formatDateTime } from "../format";
import type { CaseDetailFieldsFragment } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { CaseActions } from "./CaseActions";
import { CaseLedger } from "./CaseLedger";
import { Duplicates } from "./Duplicates";
import { HolderName } from "./HolderName";
import { caseKey } from "./keys";
import { readsCaseText } from "./permissions";
import { CaseDetailQuery } from "./queries";
import { useCaseAction } from "./useCaseAction";

export function CasePage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const viewer = useViewer();
  const withText = readsCaseText(viewer);
  const query = useQuery({
    queryKey: [...caseKey(id), withText],
    queryFn: async ({ signal }) => {
      // partial: a text the API still withholds comes back null beside its FORBIDDEN, not as a failure.
      const data = await execute(CaseDetailQuery, { id, withText }, { partial: true, signal });
      // Absent and hidden look the same to the API: null (and FORBIDDEN).
      if (!data.case) throw new ApiError([{ message: "Not found.", code: "FORBIDDEN", extensions: {} }], 200);
      return data;
    },
  });
  const runner = useCaseAction(id);

  if (query.error) {
    return (
      <section className="stack">
        <h1>{t("cases.detail.title")}</h1>
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        <BackLink />
      </section>
    );
  }
  const c = query.data?.case;
  if (!c) return <p role="status">{t("loading")}</p>;

  return (
    <article aria-labelledby="case-title" className="stack case-page" data-case-id={c.id} data-version={c.version}>
      <BackLink />
      <h1 id="case-title">{t("cases.detail.heading", { category: t(`caseCategory.${c.category}`) })}</h1>
      <Summary c={c} withText={withText} />
      <Deadlines c={c} withText={withText} />
      <CaseActions key={c.id} c={c} viewer={viewer} withText={withText} runner={runner} />
      <CaseLedger c={c} withText={withText} />
      <Duplicates c={c} viewer={viewer} withText={withText} runner={runner} />
    </article>
  );
}

/** The first part of a case's UUID: enough to tell cases apart on one page. */
export const shortId = (id: string) => id.slice(0, 8);

function BackLink() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/cases">{t("cases.detail.backToList")}</Link>
    </p>
  );
}

type CaseProps = { c: CaseDetailFieldsFragment; withText: boolean };

function Summary({ c, withText }: CaseProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="case-summary" className="card">
      <h2 id="case-summary">{t("cases.detail.summary")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("cases.detail.status")}</dt>
          <dd data-testid="case-status" data-value={c.status}>
            <span className={`tag status-${c.status.toLowerCase()}`}>{t(`caseStatus.${c.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.tier")}</dt>
          <dd data-testid="case-tier" data-value={c.tier}>
            {t(`tiers.${c.tier}`)}
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.holder")}</dt>
          <dd data-testid="case-holder" data-value={c.holderCode}>
            <HolderName tier={c.tier} holderCode={c.holderCode} department={c.holderDepartment} />
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.category")}</dt>
          <dd>{t(`caseCategory.${c.category}`)}</dd>
        </div>
        <div>
          <dt>{t("cases.detail.channel")}</dt>
          <dd>{t(`caseChannel.${c.channel}`)}</dd>
        </div>
        <div>
          <dt>{t("cases.detail.block")}</dt>
          <dd>{c.block.code}</dd>
        </div>
        <div>
          <dt>{t("cases.detail.raisedAt")}</dt>
          <dd>
            <time dateTime={c.raisedAt}>{formatDateTime(c.raisedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.version")}</dt>
          <dd data-testid="case-version">{c.version}</dd>
        </div>
      </dl>
      <h3>{t("cases.detail.description")}</h3>
      {withText && c.description ? (
        <p className="case-text">{c.description}</p>
      ) : (
        <p className="muted">
          <span className="tag">{t("hidden")}</span> {t("cases.detail.hiddenText")}
        </p>
      )}
    </section>
  );
}

function Deadlines({ c, withText }: CaseProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="case-deadlines" className="card">
      <h2 id="case-deadlines">{t("cases.detail.deadlines")}</h2>
      <dl className="facts">
        <div>
          <dt>{t("cases.detail.tierEnteredAt")}</dt>
          <dd>
            <time dateTime={c.tierEnteredAt}>{formatDateTime(c.tierEnteredAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.responseDueAt")}</dt>
          <dd>
            <time dateTime={c.responseDueAt}>{formatDateTime(c.responseDueAt)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.dueAt")}</dt>
          <dd>
            <time dateTime={c.dueAt}>{formatDateTime(c.dueAt)}</time>
            {c.overdue && <span className="tag overdue">{t("cases.detail.overdue")}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("cases.detail.commitmentDate")}</dt>
          <dd data-testid="case-commitment" data-value={c.commitmentDate ?? ""}>
            {c.commitmentDate ? formatDate(c.commitmentDate) : t("cases.detail.noCommitment")}
          </dd>
        </div>
        {withText && c.commitmentNote && (
          <div>
            <dt>{t("cases.detail.commitmentNote")}</dt>
            <dd className="case-text">{c.commitmentNote}</dd>
          </div>
        )}
        {c.resolvedAt && (
          <div>
            <dt>{t("cases.detail.resolution")}</dt>
            <dd className="case-text">
              {withText && c.resolution ? c.resolution : <span className="tag">{t("hidden")}</span>}{" "}
              <span className="muted">
                ({t("cases.detail.resolvedAt")} <time dateTime={c.resolvedAt}>{formatDateTime(c.resolvedAt)}</time>)
              </span>
            </dd>
          </div>
        )}
        {c.closedAt && (
          <div>
            <dt>{t("cases.detail.closedAt")}</dt>
            <dd>
              <time dateTime={c.closedAt}>{formatDateTime(c.closedAt)}</time>
            </dd>
          </div>
        )}
      </dl>
      {c.transfersAtTier > 0 && <p>{t("cases.detail.transfersAtTier", { n: c.transfersAtTier })}</p>}
      {c.deadlineProvisional && (
        <p className="notice warn" data-testid="provisional">
          {t("cases.detail.provisional")}
        </p>
      )}
      {c.status === "MERGED" &&
        (c.mergedInto ? (
          <p>
            {t("cases.detail.mergedInto")}{" "}
            <Link to={`/cases/${c.mergedInto.id}`}>{t("cases.detail.caseRef", { id: shortId(c.mergedInto.id) })}</Link>{" "}
            <span className="tag">{t(`caseStatus.${c.mergedInto.status}`)}</span>
          </p>
        ) : (
          <p className="muted">{t("cases.detail.mergedIntoHidden")}</p>
        ))}
    </section>
  );
}
