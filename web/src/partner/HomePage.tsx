// /partner: where the person's organisation stands. Waiting for its street office; approved (until
// when, with the office's notes) with the way to its work; or, with no account, how to begin, after
// what became of an account that closed (rejected, with the office's reasons; or removed).
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { useViewer } from "../auth/session";
import { formatDate, formatDateTime, formatNumber } from "../format";
import { ErrorNotice } from "../layout/ErrorNotice";
import { type PartnerAccount, useMyAccount, useOwnPartner, useStreetName } from "./account";
import { ClosedAccountNotice } from "./ClosedAccount";
import { Loading, NotForYourRole, RegistrationStatusHeading } from "./parts";

export function HomePage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const account = useMyAccount();
  if (viewer.role === "street_officer") return <Navigate to="/partner/vetting" replace />;
  if (viewer.role && viewer.role !== "partner") return <NotForYourRole />;
  if (account.error) return <ErrorNotice error={account.error} onRetry={() => void account.refetch()} />;
  if (!account.data) return <Loading />;
  const mine = account.data.myPartnerAccount;
  return (
    <section className="partner-page" aria-labelledby="partner-home-title">
      <h1 id="partner-home-title">{t("partner.title")}</h1>
      {!mine ? <NoAccount /> : mine.registration.status === "APPROVED" ? <Approved account={mine} /> : <Waiting account={mine} />}
    </section>
  );
}

function NoAccount() {
  const { t } = useTranslation();
  return (
    <>
      <ClosedAccountNotice />
      <p>{t("partner.home.noAccount")}</p>
      <ul className="partner-links">
        <li>
          <Link to="/partner/register">{t("partner.register.title")}</Link>
        </li>
        <li>
          <Link to="/partner/join">{t("partner.join.title")}</Link>
        </li>
      </ul>
    </>
  );
}

/** PENDING: the organisation itself is not readable yet. (A rejection closes the account: ClosedAccount.) */
function Waiting({ account }: { account: PartnerAccount }) {
  const { t } = useTranslation();
  const { status, registeredAt, street } = account.registration;
  const streetName = useStreetName(street.code);
  return (
    <div className="notice warn" data-testid="registration-status" data-status={status}>
      <RegistrationStatusHeading status={status} />
      <p>{t("partner.home.pending", { street: streetName })}</p>
      <p className="muted">{t("partner.home.registeredAt", { date: formatDateTime(registeredAt) })}</p>
    </div>
  );
}

function Approved({ account }: { account: PartnerAccount }) {
  const { t } = useTranslation();
  const partner = useOwnPartner(account.registration.partnerId);
  const streetName = useStreetName(account.registration.street.code);
  if (partner.error) return <ErrorNotice error={partner.error} onRetry={() => void partner.refetch()} />;
  if (!partner.data) return <Loading />;
  const organisation = partner.data.partner;
  if (!organisation) return <p>{t("errors.NOT_FOUND")}</p>;
  return (
    <>
      <div className="notice success" data-testid="registration-status" data-status={organisation.status}>
        <h2>
          {organisation.name}
          <span className="tag">{t(`partnerStatus.${organisation.status}`)}</span>
        </h2>
        <p>{t("partner.home.approvedUntil", { date: formatDate(organisation.approvedUntil) })}</p>
        {organisation.vettingNotes && (
          <p>
            {t("partner.home.vettingNotes")}
            {organisation.vettingNotes}
          </p>
        )}
      </div>
      {!organisation.canStartPairings && (
        <div className="notice warn">
          <p>{t("partner.home.expired")}</p>
        </div>
      )}
      <dl className="partner-facts">
        <dt>{t("partner.register.kind")}</dt>
        <dd>{t(`partnerKind.${organisation.kind}`)}</dd>
        <dt>{t("partner.register.street")}</dt>
        <dd>{streetName}</dd>
        <dt>{t("partner.home.pairingLoad")}</dt>
        <dd>
          {t("partner.home.pairingLoadValue", {
            open: formatNumber(organisation.openPairingCount),
            capacity: formatNumber(organisation.capacity),
          })}
        </dd>
        <dt>{t("partner.home.myRole")}</dt>
        <dd>{t(`partnerAccountRole.${account.role}`)}</dd>
      </dl>
      <h2>{t("partner.home.work")}</h2>
      <ul className="partner-links">
        <li>
          <Link to="/partner/opportunities">{t("partner.opportunities.title")}</Link>
        </li>
        <li>
          <Link to="/partner/pairings">{t("partner.pairings.title")}</Link>
        </li>
        <li>
          <Link to="/partner/members">{t("partner.members.title")}</Link>
        </li>
        {account.role === "ADMINISTRATOR" && (
          <li>
            <Link to="/partner/colleagues">{t("partner.colleagues.title")}</Link>
          </li>
        )}
      </ul>
    </>
  );
}
