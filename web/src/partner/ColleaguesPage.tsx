// /partner/colleagues: an administrator invites colleagues with one-time codes (shown once, never
// stored by the API), withdraws an invitation nobody used, and removes accounts; their next request
// is refused.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { execute } from "../api/client";
import { formatDateTime } from "../format";
import type { PartnerAccountRole } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import type { PartnerAccount } from "./account";
import { Loading } from "./parts";
import {
  InvitePartnerMemberMutation,
  PartnerAccountsQuery,
  PartnerInvitationsQuery,
  RemovePartnerMemberMutation,
  RevokePartnerInvitationMutation,
} from "./queries";
import { RequireApprovedPartner } from "./RequirePartner";
import { ACCOUNT_ROLES } from "./vocabulary";

export function ColleaguesPage() {
  const { t } = useTranslation();
  return (
    <section className="partner-page" aria-labelledby="colleagues-title">
      <h1 id="colleagues-title">{t("partner.colleagues.title")}</h1>
      <RequireApprovedPartner>
        {(account) =>
          account.role === "ADMINISTRATOR" ? (
            <>
              <Invite partnerId={account.registration.partnerId} />
              <Invitations partnerId={account.registration.partnerId} />
              <Accounts account={account} />
            </>
          ) : (
            <div className="notice warn">
              <p>{t("partner.colleagues.adminsOnly")}</p>
              <Link to="/partner">{t("partner.home.link")}</Link>
            </div>
          )
        }
      </RequireApprovedPartner>
    </section>
  );
}

const invitationsKey = (partnerId: string) => ["partner", "invitations", partnerId];

function Invite({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [role, setRole] = useState<PartnerAccountRole>("MEMBER");
  const invite = useMutation({
    mutationFn: (asRole: PartnerAccountRole) => execute(InvitePartnerMemberMutation, { role: asRole }),
    onSuccess: () => void client.invalidateQueries({ queryKey: invitationsKey(partnerId) }),
  });
  const made = invite.data?.invitePartnerMember;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(role);
  };
  return (
    <section aria-labelledby="invite-title" className="card">
      <h2 id="invite-title">{t("partner.colleagues.invite")}</h2>
      <p className="muted">{t("partner.colleagues.inviteHelp")}</p>
      <form className="row" onSubmit={submit}>
        <label>
          {t("partner.colleagues.role")}
          <select value={role} onChange={(event) => setRole(event.target.value as PartnerAccountRole)}>
            {ACCOUNT_ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`partnerAccountRole.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={invite.isPending}>
          {t("partner.colleagues.makeCode")}
        </button>
      </form>
      {invite.error && <ErrorNotice error={invite.error} />}
      {made && (
        <div className="notice success" role="status">
          <p>{t("partner.colleagues.codeIntro", { role: t(`partnerAccountRole.${invite.variables ?? role}`) })}</p>
          <p>
            <code className="invitation-code" data-testid="invitation-code">
              {made.code}
            </code>
          </p>
          <p>{t("partner.colleagues.codeExpires", { date: formatDateTime(made.expiresAt) })}</p>
          <p className="muted">{t("partner.colleagues.codeOnce")}</p>
        </div>
      )}
    </section>
  );
}

/** The invitations made, newest first; one nobody used may be withdrawn (its code is refused from then on). */
function Invitations({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const queryKey = invitationsKey(partnerId);
  const invitations = useQuery({ queryKey, queryFn: () => execute(PartnerInvitationsQuery, { id: partnerId }) });
  const revoke = useMutation({
    mutationFn: (invitationId: string) => execute(RevokePartnerInvitationMutation, { invitationId }),
    onSuccess: () => void client.invalidateQueries({ queryKey }),
  });
  if (invitations.error) return <ErrorNotice error={invitations.error} onRetry={() => void invitations.refetch()} />;
  if (!invitations.data) return <Loading />;
  const rows = invitations.data.partner?.invitations ?? [];
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("partner.colleagues.invitations")}</h2>
      {revoke.error && <ErrorNotice error={revoke.error} />}
      {rows.length === 0 ? (
        <p className="muted">{t("partner.colleagues.noInvitations")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("partner.colleagues.madeAt")}</th>
                <th scope="col">{t("partner.colleagues.role")}</th>
                <th scope="col">{t("partner.colleagues.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("partner.colleagues.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-invitation-id={row.id} data-status={row.status}>
                  <td>{formatDateTime(row.createdAt)}</td>
                  <td>{t(`partnerAccountRole.${row.role}`)}</td>
                  <td>
                    {row.status === "PENDING"
                      ? t("partner.colleagues.pendingUntil", { date: formatDateTime(row.expiresAt) })
                      : row.status === "ACCEPTED"
                        ? t("partner.colleagues.acceptedBy", { subject: row.acceptedBy })
                        : t(`partnerInvitationStatus.${row.status}`)}
                  </td>
                  <td>
                    {row.status === "PENDING" && (
                      <ConfirmedAction
                        label={t("partner.colleagues.revoke")}
                        confirmLabel={t("partner.colleagues.confirmRevoke")}
                        pending={revoke.isPending}
                        onConfirm={() => revoke.mutate(row.id)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Accounts({ account }: { account: PartnerAccount }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const partnerId = account.registration.partnerId;
  const queryKey = ["partner", "accounts", partnerId];
  const accounts = useQuery({ queryKey, queryFn: () => execute(PartnerAccountsQuery, { id: partnerId }) });
  const remove = useMutation({
    mutationFn: (accountId: string) => execute(RemovePartnerMemberMutation, { accountId }),
    onSuccess: () => void client.invalidateQueries({ queryKey }),
  });
  if (accounts.error) return <ErrorNotice error={accounts.error} onRetry={() => void accounts.refetch()} />;
  if (!accounts.data) return <Loading />;
  const rows = accounts.data.partner?.accounts ?? [];
  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t("partner.colleagues.accounts")}</h2>
      {remove.error && <ErrorNotice error={remove.error} />}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("partner.colleagues.subject")}</th>
              <th scope="col">{t("partner.colleagues.role")}</th>
              <th scope="col">{t("partner.colleagues.joinedAt")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("partner.colleagues.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-account-id={row.id}>
                <td>
                  {row.subject}
                  {row.id === account.id && <span className="tag">{t("partner.colleagues.you")}</span>}
                </td>
                <td>{t(`partnerAccountRole.${row.role}`)}</td>
                <td>{formatDateTime(row.joinedAt)}</td>
                <td>
                  {row.id !== account.id && (
                    <ConfirmedAction
                      label={t("partner.colleagues.remove")}
                      confirmLabel={t("partner.colleagues.confirmRemove", { subject: row.subject })}
                      pending={remove.isPending}
                      onConfirm={() => remove.mutate(row.id)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A button that asks once more before it acts: the action, then its confirmation beside a cancel. */
function ConfirmedAction(props: { label: string; confirmLabel: string; pending: boolean; onConfirm: () => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="actions">
      <button type="button" onClick={props.onConfirm} disabled={props.pending}>
        {props.confirmLabel}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {t("cancel")}
      </button>
    </span>
  );
}
