// /partner/join: a person signed in without a role enters the one-time code a colleague gave them
// and acts for that organisation from the next request on (the same token: the API reads the account).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { execute } from "../api/client";
import { useViewer } from "../auth/session";
import { ErrorNotice } from "../layout/ErrorNotice";
import { ACCOUNT_KEY, CLOSED_ACCOUNT_KEY, useMyAccount } from "./account";
import { fieldError, isFormLevel } from "./forms";
import { FieldMessage, Loading, NotForYourRole } from "./parts";
import { AcceptPartnerInvitationMutation } from "./queries";

export function JoinPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const account = useMyAccount();
  if (viewer.role && viewer.role !== "partner") return <NotForYourRole />;
  if (account.error) return <ErrorNotice error={account.error} onRetry={() => void account.refetch()} />;
  if (!account.data) return <Loading />;
  return (
    <section className="partner-page narrow" aria-labelledby="join-title">
      <h1 id="join-title">{t("partner.join.title")}</h1>
      {account.data.myPartnerAccount ? (
        <div className="notice warn">
          <p>{t("partner.join.already")}</p>
          <Link to="/partner">{t("partner.home.link")}</Link>
        </div>
      ) : (
        <JoinForm />
      )}
    </section>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [code, setCode] = useState("");
  const accept = useMutation({
    mutationFn: () => execute(AcceptPartnerInvitationMutation, { code: code.trim() }),
    onSuccess: async () => {
      // A live account now, and nothing closed to tell.
      await Promise.all([ACCOUNT_KEY, CLOSED_ACCOUNT_KEY].map((queryKey) => client.invalidateQueries({ queryKey })));
      navigate("/partner");
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim()) accept.mutate();
  };
  const codeError = fieldError(accept.error, "code");
  return (
    <form className="stack" onSubmit={submit}>
      <p className="muted">{t("partner.join.intro")}</p>
      {isFormLevel(accept.error, ["code"]) && <ErrorNotice error={accept.error} />}
      <label>
        {t("partner.join.code")}
        <input
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
          aria-invalid={codeError ? true : undefined}
          aria-describedby={codeError ? `${id}-error` : undefined}
        />
        <FieldMessage id={`${id}-error`} message={codeError} />
      </label>
      <div className="actions">
        <button type="submit" disabled={accept.isPending || !code.trim()}>
          {t("partner.join.submit")}
        </button>
      </div>
    </form>
  );
}
