// /partner/register: a person signed in without a role registers their organisation with a street
// office. The credit code's check character is checked while typing (credit-code.ts, as the API
// checks it); what the API still refuses is shown next to the input it names.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate } from "react-router";
import { execute } from "../api/client";
import { useViewer } from "../auth/session";
import type { NeedCategory, PartnerKind } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { ACCOUNT_KEY, CLOSED_ACCOUNT_KEY, useMyAccount, useStreets } from "./account";
import { ClosedAccountNotice } from "./ClosedAccount";
import { CreditCodeField } from "./CreditCodeField";
import { creditCodeProblem, normaliseCreditCode } from "./credit-code";
import { fieldError, isFormLevel, useIdempotencyKey } from "./forms";
import { FieldMessage, Loading, NotForYourRole } from "./parts";
import { RegisterPartnerMutation } from "./queries";
import { NEEDS, PARTNER_KINDS } from "./vocabulary";

const FIELDS = ["name", "kind", "creditCode", "contactPerson", "contactPhone", "streetCode", "services", "capacity"] as const;

interface Draft {
  name: string;
  kind: PartnerKind;
  creditCode: string;
  contactPerson: string;
  contactPhone: string;
  streetCode: string;
  services: NeedCategory[];
  capacity: string;
}

const EMPTY: Draft = {
  name: "",
  kind: "COMPANY",
  creditCode: "",
  contactPerson: "",
  contactPhone: "",
  streetCode: "",
  services: [],
  capacity: "5",
};

export function RegisterPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const account = useMyAccount();
  if (viewer.role && viewer.role !== "partner") return <NotForYourRole />;
  if (account.error) return <ErrorNotice error={account.error} onRetry={() => void account.refetch()} />;
  if (!account.data) return <Loading />;
  // Registered already (waiting, or acting for it): the home page says how it stands.
  if (account.data.myPartnerAccount) return <Navigate to="/partner" replace />;
  return (
    <section className="partner-page narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t("partner.register.title")}</h1>
      <ClosedAccountNotice />
      <p className="muted">{t("partner.register.intro")}</p>
      <p>
        {t("partner.register.haveCode")} <Link to="/partner/join">{t("partner.join.link")}</Link>
      </p>
      <RegistrationForm />
    </section>
  );
}

function RegistrationForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const [idempotencyKey] = useIdempotencyKey();
  const creditCodeInput = useRef<HTMLInputElement>(null);
  const set = <Field extends keyof Draft>(field: Field, value: Draft[Field]) => setDraft((now) => ({ ...now, [field]: value }));

  const register = useMutation({
    mutationFn: () =>
      execute(RegisterPartnerMutation, {
        idempotencyKey,
        input: {
          name: draft.name.trim(),
          kind: draft.kind,
          creditCode: normaliseCreditCode(draft.creditCode),
          contactPerson: draft.contactPerson.trim(),
          contactPhone: draft.contactPhone.trim(),
          streetCode: draft.streetCode.trim(),
          services: draft.services,
          capacity: Number(draft.capacity),
        },
      }),
    onSuccess: async () => {
      // A live account now, and nothing closed to tell.
      await Promise.all([ACCOUNT_KEY, CLOSED_ACCOUNT_KEY].map((queryKey) => client.invalidateQueries({ queryKey })));
      navigate("/partner");
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    // The check character is known here: no request for a code the API would refuse.
    if (creditCodeProblem(normaliseCreditCode(draft.creditCode))) {
      creditCodeInput.current?.focus();
      return;
    }
    register.mutate();
  };

  const error = register.error;
  const describe = (field: string) => ({
    "aria-invalid": fieldError(error, field) ? true : undefined,
    "aria-describedby": fieldError(error, field) ? `${id}-${field}-error` : undefined,
  });

  return (
    <form className="stack" onSubmit={submit} noValidate>
      {isFormLevel(error, FIELDS) && <ErrorNotice error={error} />}
      <label>
        {t("partner.register.name")}
        <input
          value={draft.name}
          onChange={(event) => set("name", event.target.value)}
          required
          maxLength={200}
          {...describe("name")}
        />
        <FieldMessage id={`${id}-name-error`} message={fieldError(error, "name")} />
      </label>
      <label>
        {t("partner.register.kind")}
        <select value={draft.kind} onChange={(event) => set("kind", event.target.value as PartnerKind)} {...describe("kind")}>
          {PARTNER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`partnerKind.${kind}`)}
            </option>
          ))}
        </select>
        <FieldMessage id={`${id}-kind-error`} message={fieldError(error, "kind")} />
      </label>
      <CreditCodeField
        ref={creditCodeInput}
        value={draft.creditCode}
        onChange={(value) => set("creditCode", value)}
        showIncomplete={submitted}
        apiError={fieldError(error, "creditCode")}
      />
      <StreetField
        value={draft.streetCode}
        onChange={(value) => set("streetCode", value)}
        apiError={fieldError(error, "streetCode")}
      />
      <fieldset aria-describedby={fieldError(error, "services") ? `${id}-services-error` : undefined}>
        <legend>{t("partner.register.services")}</legend>
        <div className="partner-checks">
          {NEEDS.map((need) => (
            <label key={need} className="check">
              <input
                type="checkbox"
                checked={draft.services.includes(need)}
                onChange={(event) =>
                  set("services", event.target.checked ? [...draft.services, need] : draft.services.filter((s) => s !== need))
                }
              />
              {t(`need.${need}`)}
            </label>
          ))}
        </div>
        <FieldMessage id={`${id}-services-error`} message={fieldError(error, "services")} />
      </fieldset>
      <label>
        {t("partner.register.capacity")}
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          value={draft.capacity}
          onChange={(event) => set("capacity", event.target.value)}
          aria-describedby={`${id}-capacity-help${fieldError(error, "capacity") ? ` ${id}-capacity-error` : ""}`}
          aria-invalid={fieldError(error, "capacity") ? true : undefined}
        />
        <span id={`${id}-capacity-help`} className="muted help">
          {t("partner.register.capacityHelp")}
        </span>
        <FieldMessage id={`${id}-capacity-error`} message={fieldError(error, "capacity")} />
      </label>
      <label>
        {t("partner.register.contactPerson")}
        <input
          value={draft.contactPerson}
          onChange={(event) => set("contactPerson", event.target.value)}
          autoComplete="name"
          maxLength={100}
          {...describe("contactPerson")}
        />
        <FieldMessage id={`${id}-contactPerson-error`} message={fieldError(error, "contactPerson")} />
      </label>
      <label>
        {t("partner.register.contactPhone")}
        <input
          type="tel"
          value={draft.contactPhone}
          onChange={(event) => set("contactPhone", event.target.value)}
          autoComplete="tel"
          aria-describedby={`${id}-phone-help${fieldError(error, "contactPhone") ? ` ${id}-contactPhone-error` : ""}`}
          aria-invalid={fieldError(error, "contactPhone") ? true : undefined}
        />
        <span id={`${id}-phone-help`} className="muted help">
          {t("partner.register.contactPhoneHelp")}
        </span>
        <FieldMessage id={`${id}-contactPhone-error`} message={fieldError(error, "contactPhone")} />
      </label>
      <div className="actions">
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? t("partner.sending") : t("partner.register.submit")}
        </button>
      </div>
    </form>
  );
}

/**
 * The street office: chosen from the district's streets (open data, which a person without a role
 * may read, unlike places); typed as its 9-digit code when that list cannot be had.
 */
function StreetField({ value, onChange, apiError }: { value: string; onChange: (value: string) => void; apiError?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const streets = useStreets();
  const described = `${id}-help${apiError ? ` ${id}-error` : ""}`;
  return (
    <label htmlFor={`${id}-street`}>
      {t("partner.register.street")}
      {streets.error ? (
        <input
          id={`${id}-street`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          inputMode="numeric"
          pattern="\d{9}"
          maxLength={9}
          aria-describedby={described}
          aria-invalid={apiError ? true : undefined}
        />
      ) : (
        <select
          id={`${id}-street`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          disabled={!streets.data}
          aria-describedby={described}
          aria-invalid={apiError ? true : undefined}
        >
          <option value="">{streets.data ? t("partner.register.chooseStreet") : t("loading")}</option>
          {streets.data?.map((street) => (
            <option key={street.code} value={street.code}>
              {street.name}
            </option>
          ))}
        </select>
      )}
      <span id={`${id}-help`} className="muted help">
        {streets.error ? t("partner.register.streetCodeHelp") : t("partner.register.streetHelp")}
      </span>
      <FieldMessage id={`${id}-error`} message={apiError} />
    </label>
  );
}
