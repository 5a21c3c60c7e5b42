// What became of the person's partner account that closed, as the API tells it (myClosedPartnerAccount),
// shown where a person without a live account lands: the partner home and the registration form.
import { useTranslation } from "react-i18next";
import { formatDate } from "../format";
import { type ClosedPartnerAccount, useMyClosedAccount, useStreetName } from "./account";
import { RegistrationStatusHeading } from "./parts";

/** Nothing while the API answers, or when no account of the person has closed. */
export function ClosedAccountNotice() {
  const closed = useMyClosedAccount();
  const account = closed.data?.myClosedPartnerAccount;
  return account ? <ClosedAccount account={account} /> : null;
}

/**
 * The person's account that closed, as the API tells it: the street office rejected the
 * registration (when, and its reasons), or an administrator of the organisation removed them.
 */
function ClosedAccount({ account }: { account: ClosedPartnerAccount }) {
  const { t } = useTranslation();
  const { status, registeredAt, street, rejection } = account.registration;
  const streetName = useStreetName(street.code);
  if (status === "REJECTED") {
    // A rejection closes the accounts: when it closed is when it was rejected, notes or not.
    return (
      <div className="notice error" data-testid="registration-status" data-status={status}>
        <RegistrationStatusHeading status={status} />
        <p>
          {t("partner.home.rejected", {
            street: streetName,
            date: formatDate(registeredAt),
            rejectedOn: formatDate(rejection?.rejectedAt ?? account.removedAt),
          })}
        </p>
        {rejection && (
          <p data-testid="rejection-notes">
            {t("partner.home.vettingNotes")}
            {rejection.notes}
          </p>
        )}
        <p>{t("partner.home.registerAgain")}</p>
      </div>
    );
  }
  return (
    <div className="notice warn" data-testid="registration-status" data-status="REMOVED">
      <h2>{t("partner.home.closedHeading")}</h2>
      <p>{t("partner.home.removed", { street: streetName, date: formatDate(account.removedAt) })}</p>
    </div>
  );
}
