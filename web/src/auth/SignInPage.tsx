// Sign-in: the demo accounts in development, the identity provider in production.
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { homeOf } from "../layout/home";
import { useSession } from "./session";

export function SignInPage() {
  const { t } = useTranslation();
  const { config, viewer, signInWith } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [person, setPerson] = useState("");
  const navigate = useNavigate();

  if (viewer) return <Navigate to={homeOf(viewer)} replace />;
  if (!config) return <p role="status">{t("loading")}</p>;

  async function signInAs(body: { user: string } | { person: string }) {
    setProblem(null);
    const response = await fetch("/dev/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { token?: string; errors?: { message: string }[] } | null;
    if (!answer?.token) {
      setProblem(answer?.errors?.[0]?.message ?? t("signIn.unreachable"));
      return;
    }
    signInWith(answer.token);
    navigate("/", { replace: true });
  }

  if (config.signIn === "oidc") return <ProviderSignIn />;
  if (config.signIn === "none") return <p role="alert">{t("signIn.unavailable")}</p>;

  const onPerson = (event: FormEvent) => {
    event.preventDefault();
    void signInAs({ person });
  };
  return (
    <main className="page narrow">
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.development")}</p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <ul className="account-list">
        {config.accounts?.map((account) => (
          <li key={account.sub}>
            <button type="button" className="account" onClick={() => void signInAs({ user: account.sub })}>
              <strong>{t(`roles.${account.role}`)}</strong>
              <span>{account.sub}</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={onPerson} className="stack">
        <h2>{t("signIn.newPerson")}</h2>
        <p>{t("signIn.newPersonHelp")}</p>
        <label>
          {t("signIn.name")}
          <input value={person} onChange={(event) => setPerson(event.target.value)} required maxLength={40} autoComplete="off" />
        </label>
        <button type="submit">{t("signIn.continue")}</button>
      </form>
    </main>
  );
}

function ProviderSignIn() {
  const { t } = useTranslation();
  const { config } = useSession();
  return (
    <main className="page narrow">
      <h1>{t("signIn.title")}</h1>
      <button
        type="button"
        onClick={() => config && void import("./oidc").then(({ signInWithProvider }) => signInWithProvider(config))}
      >
        {t("signIn.withProvider")}
      </button>
    </main>
  );
}

/** /signed-in: where the provider sends the browser back with its one-time code. */
export function SignedInPage() {
  const { t } = useTranslation();
  const { config, signInWith } = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!config?.oidc) return;
    import("./oidc")
      .then(({ completeSignIn }) => completeSignIn(config))
      .then((token) => {
        signInWith(token);
        navigate("/", { replace: true });
      })
      .catch((error: Error) => setProblem(error.message));
  }, [config, signInWith, navigate]);
  return problem ? <p role="alert">{problem}</p> : <p role="status">{t("loading")}</p>;
}
