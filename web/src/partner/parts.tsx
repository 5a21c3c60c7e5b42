// Small pieces the partner pages share.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PartnerStatus } from "../generated/graphql";

/** An input's error, said next to it (and referenced by its aria-describedby). */
export function FieldMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {message}
    </span>
  );
}

/** "Registration status" with the status as a tag: the heading of where a registration stands. */
export function RegistrationStatusHeading({ status }: { status: PartnerStatus }) {
  const { t } = useTranslation();
  return (
    <h2>
      {t("partner.home.statusHeading")}
      <span className="tag">{t(`partnerStatus.${status}`)}</span>
    </h2>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t("loading")}</p>;
}

/** A staff member who opened a partner page: it is for partner organisations' people. */
export function NotForYourRole() {
  const { t } = useTranslation();
  return (
    <div className="notice warn">
      <p>{t("partner.notForRole")}</p>
    </div>
  );
}

/** A page for an approved organisation, opened by someone who does not act for one. */
export function NotActing() {
  const { t } = useTranslation();
  return (
    <div className="notice warn">
      <p>{t("partner.notActing")}</p>
      <Link to="/partner">{t("partner.home.link")}</Link>
    </div>
  );
}
