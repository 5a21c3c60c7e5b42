// /partner/members: an approved organisation's members report to the block where they live (双报到).
// Any account of the organisation registers one, with their name and home block's 15-digit code, and
// sees who is registered; a retry of the same submission (a lost answer) stores one member, not two.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { execute } from "../api/client";
import { formatDateTime, formatNumber } from "../format";
import { ErrorNotice } from "../layout/ErrorNotice";
import { fieldError, isFormLevel, useIdempotencyKey } from "./forms";
import { FieldMessage, Loading } from "./parts";
import { PartnerMembersQuery, RegisterPartnerMemberMutation } from "./queries";
import { RequireApprovedPartner } from "./RequirePartner";

const FIELDS = ["name", "homeBlockCode"] as const;
const membersKey = (partnerId: string) => ["partner", "members", partnerId];

export function MembersPage() {
  const { t } = useTranslation();
  return (
    <section className="partner-page" aria-labelledby="members-title">
      <h1 id="members-title">{t("partner.members.title")}</h1>
      <RequireApprovedPartner>
        {(account) => (
          <>
            <RegisterMember partnerId={account.registration.partnerId} />
            <Members partnerId={account.registration.partnerId} />
          </>
        )}
      </RequireApprovedPartner>
    </section>
  );
}

function RegisterMember({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [homeBlockCode, setHomeBlockCode] = useState("");
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const register = useMutation({
    mutationFn: () =>
      execute(RegisterPartnerMemberMutation, {
        idempotencyKey,
        input: { partnerId, name: name.trim(), homeBlockCode: homeBlockCode.trim() },
      }),
    onSuccess: () => {
      // The next member is another submission: a key of its own.
      renewKey();
      setName("");
      setHomeBlockCode("");
      void client.invalidateQueries({ queryKey: membersKey(partnerId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  const nameError = fieldError(register.error, "name");
  const codeError = fieldError(register.error, "homeBlockCode");
  const registered = register.data?.registerPartnerMember;
  return (
    <section aria-labelledby="register-member-title" className="card">
      <h2 id="register-member-title">{t("partner.members.register")}</h2>
      <p className="muted">{t("partner.members.registerHelp")}</p>
      <form className="stack" onSubmit={submit}>
        {isFormLevel(register.error, FIELDS) && <ErrorNotice error={register.error} />}
        <label>
          {t("partner.members.name")}
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            maxLength={100}
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
          />
          <FieldMessage id={`${id}-name-error`} message={nameError} />
        </label>
        <label>
          {t("partner.members.homeBlockCode")}
          <input
            value={homeBlockCode}
            onChange={(event) => setHomeBlockCode(event.target.value)}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            required
            aria-invalid={codeError ? true : undefined}
            aria-describedby={`${id}-code-help${codeError ? ` ${id}-code-error` : ""}`}
          />
          <span id={`${id}-code-help`} className="muted help">
            {t("partner.members.homeBlockCodeHelp")}
          </span>
          <FieldMessage id={`${id}-code-error`} message={codeError} />
        </label>
        <div className="actions">
          <button type="submit" disabled={register.isPending}>
            {t("partner.members.submit")}
          </button>
        </div>
      </form>
      {registered && (
        <p className="notice success" role="status">
          {t("partner.members.registered", { name: registered.name, code: registered.homeBlockCode })}
        </p>
      )}
    </section>
  );
}

/** The members registered, earliest first (the first 100; the count has them all). */
function Members({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const members = useQuery({
    queryKey: membersKey(partnerId),
    queryFn: () => execute(PartnerMembersQuery, { id: partnerId }),
  });
  if (members.error) return <ErrorNotice error={members.error} onRetry={() => void members.refetch()} />;
  if (!members.data) return <Loading />;
  const organisation = members.data.partner;
  const rows = organisation?.members ?? [];
  return (
    <section aria-labelledby="members-list-title">
      <h2 id="members-list-title">{t("partner.members.list")}</h2>
      <p data-testid="member-count">{t("partner.members.count", { total: formatNumber(organisation?.memberCount ?? 0) })}</p>
      {rows.length === 0 ? (
        <p className="muted">{t("partner.members.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("partner.members.name")}</th>
                <th scope="col">{t("partner.members.homeBlock")}</th>
                <th scope="col">{t("partner.members.registeredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-member-id={row.id}>
                  <td data-field="name">{row.name}</td>
                  <td data-field="homeBlockCode">{row.homeBlockCode}</td>
                  <td>{formatDateTime(row.registeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
