// /partner/pairings: the organisation's pairings with all the API gives a partner of each household
// (its block, needs, how to address it once it accepted, a phone only with its consent), the help
// logged, and, while a pairing runs, logging help and ending it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { execute } from "../api/client";
import { formatDateTime } from "../format";
import type { CheckInKind, MyPairingsQuery, PairingEndReason, PairingStatus } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { fieldError, fromShanghaiDateTime, isFormLevel, shanghaiDateTimeNow, useIdempotencyKey } from "./forms";
import { FieldMessage, Loading } from "./parts";
import { EndPairingMutation, LogCheckInMutation, MyPairingsQuery as PairingsQuery } from "./queries";
import { RequireApprovedPartner } from "./RequirePartner";
import { CHECK_IN_KINDS, END_REASONS, PAIRING_STATUSES } from "./vocabulary";

type Pairing = NonNullable<MyPairingsQuery["myPairings"]>[number];
const PAIRINGS_KEY = ["partner", "pairings"] as const;

export function PairingsPage() {
  const { t } = useTranslation();
  return (
    <section className="partner-page" aria-labelledby="pairings-title">
      <h1 id="pairings-title">{t("partner.pairings.title")}</h1>
      <RequireApprovedPartner>{() => <Pairings />}</RequireApprovedPartner>
    </section>
  );
}

function Pairings() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PairingStatus | "">("");
  const pairings = useQuery({
    queryKey: [...PAIRINGS_KEY, status],
    queryFn: () => execute(PairingsQuery, { status: status || undefined }),
  });
  return (
    <>
      <div className="toolbar">
        <label>
          {t("partner.pairings.filter")}
          <select value={status} onChange={(event) => setStatus(event.target.value as PairingStatus | "")}>
            <option value="">{t("partner.pairings.all")}</option>
            {PAIRING_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`pairingStatus.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pairings.error ? (
        <ErrorNotice error={pairings.error} onRetry={() => void pairings.refetch()} />
      ) : !pairings.data ? (
        <Loading />
      ) : (pairings.data.myPairings ?? []).length === 0 ? (
        <p>{t("partner.pairings.empty")}</p>
      ) : (
        <ul className="partner-list" aria-label={t("partner.pairings.title")}>
          {(pairings.data.myPairings ?? []).map((pairing) => (
            <li key={pairing.id}>
              <PairingCard pairing={pairing} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function PairingCard({ pairing }: { pairing: Pairing }) {
  const { t } = useTranslation();
  const [acting, setActing] = useState<"checkIn" | "end" | null>(null);
  const household = pairing.pairedHousehold;
  const headingId = useId();
  return (
    <article className="card" data-pairing-id={pairing.id} data-status={pairing.status} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {household.salutation ?? t("partner.pairings.household")}
        <span className="tag" data-field="status">
          {t(`pairingStatus.${pairing.status}`)}
        </span>
      </h2>
      <dl className="partner-facts">
        <dt>{t("partner.blockCode")}</dt>
        <dd data-field="blockCode">{household.blockCode}</dd>
        <dt>{t("partner.needs")}</dt>
        <dd data-field="needs">
          {household.needs.map((need) => (
            <span key={need} className="tag" data-need={need}>
              {t(`need.${need}`)}
            </span>
          ))}
        </dd>
        <dt>{t("partner.pairings.salutation")}</dt>
        <dd data-field="salutation">{household.salutation ?? t("partner.pairings.salutationLater")}</dd>
        <dt>{t("partner.pairings.phone")}</dt>
        <dd data-field="contactPhone">
          {household.contactPhone ? (
            <a href={`tel:${household.contactPhone}`}>{household.contactPhone}</a>
          ) : (
            t(pairing.contactConsent ? "partner.pairings.phoneWhileActive" : "partner.pairings.noConsent")
          )}
        </dd>
        <dt>{t("partner.pairings.proposed")}</dt>
        <dd data-field="proposedAt">
          {t("partner.pairings.proposedBy", {
            date: formatDateTime(pairing.proposedAt),
            by: t(`partner.proposer.${pairing.proposedBy}`),
          })}
        </dd>
        {pairing.proposalNote && (
          <>
            <dt>{t("partner.pairings.note")}</dt>
            <dd data-field="proposalNote">{pairing.proposalNote}</dd>
          </>
        )}
        {pairing.acceptedAt && (
          <>
            <dt>{t("partner.pairings.accepted")}</dt>
            <dd data-field="acceptedAt">{formatDateTime(pairing.acceptedAt)}</dd>
          </>
        )}
        {pairing.endedAt && (
          <>
            <dt>{t("partner.pairings.ended")}</dt>
            <dd data-field="endedAt">
              {formatDateTime(pairing.endedAt)}
              {pairing.endReason && <span className="tag">{t(`pairingEndReason.${pairing.endReason}`)}</span>}
            </dd>
          </>
        )}
      </dl>
      <CheckIns pairing={pairing} />
      {pairing.status !== "ENDED" && (
        <div className="actions">
          {pairing.status === "ACTIVE" && (
            <button
              type="button"
              onClick={() => setActing(acting === "checkIn" ? null : "checkIn")}
              aria-expanded={acting === "checkIn"}
            >
              {t("partner.checkIn.open")}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() => setActing(acting === "end" ? null : "end")}
            aria-expanded={acting === "end"}
          >
            {pairing.status === "ACTIVE" ? t("partner.end.open") : t("partner.end.withdraw")}
          </button>
        </div>
      )}
      {acting === "checkIn" && <CheckInForm pairingId={pairing.id} onDone={() => setActing(null)} />}
      {acting === "end" && pairing.status !== "ENDED" && (
        <EndForm pairingId={pairing.id} status={pairing.status} onDone={() => setActing(null)} />
      )}
    </article>
  );
}

function CheckIns({ pairing }: { pairing: Pairing }) {
  const { t } = useTranslation();
  const checkIns = pairing.checkIns ?? [];
  if (checkIns.length === 0) return <p className="muted">{t("partner.checkIn.none")}</p>;
  return (
    <div>
      <h3>{t("partner.checkIn.title")}</h3>
      <ul className="check-ins">
        {checkIns.map((checkIn) => (
          <li key={checkIn.id} data-check-in-id={checkIn.id}>
            <span className="tag">{t(`checkInKind.${checkIn.kind}`)}</span>
            <time dateTime={checkIn.happenedAt}>{formatDateTime(checkIn.happenedAt)}</time>
            <p>{checkIn.help}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

const CHECK_IN_FIELDS = ["kind", "help", "happenedAt"];

function CheckInForm({ pairingId, onDone }: { pairingId: string; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [kind, setKind] = useState<CheckInKind>("HOME_VISIT");
  const [help, setHelp] = useState("");
  // Untouched, it means "now", sent to the second: a minute's start could fall before a pairing accepted moments ago.
  const [happenedAt, setHappenedAt] = useState<string | null>(null);
  const [idempotencyKey] = useIdempotencyKey();
  // "Now" is fixed at the first try, beside the key: a retry after a lost answer sends the same input
  // and gets the first check-in back (other input under the same key would be a CONFLICT).
  const firstTriedAt = useRef<string | null>(null);
  const log = useMutation({
    mutationFn: () => {
      firstTriedAt.current ??= new Date().toISOString();
      return execute(LogCheckInMutation, {
        idempotencyKey,
        input: {
          pairingId,
          kind,
          help: help.trim(),
          happenedAt: happenedAt ? fromShanghaiDateTime(happenedAt) : firstTriedAt.current,
        },
      });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: PAIRINGS_KEY });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (help.trim()) log.mutate();
  };
  const helpError = fieldError(log.error, "help");
  const whenError = fieldError(log.error, "happenedAt");
  return (
    <form className="stack partner-form" onSubmit={submit} aria-label={t("partner.checkIn.open")}>
      {isFormLevel(log.error, CHECK_IN_FIELDS) && <ErrorNotice error={log.error} />}
      <label>
        {t("partner.checkIn.kind")}
        <select value={kind} onChange={(event) => setKind(event.target.value as CheckInKind)}>
          {CHECK_IN_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`checkInKind.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("partner.checkIn.help")}
        <textarea
          value={help}
          onChange={(event) => setHelp(event.target.value)}
          rows={3}
          maxLength={2000}
          required
          aria-invalid={helpError ? true : undefined}
          aria-describedby={helpError ? `${id}-help-error` : undefined}
        />
        <FieldMessage id={`${id}-help-error`} message={helpError} />
      </label>
      <label>
        {t("partner.checkIn.when")}
        <input
          type="datetime-local"
          value={happenedAt ?? shanghaiDateTimeNow()}
          max={shanghaiDateTimeNow()}
          onChange={(event) => setHappenedAt(event.target.value || null)}
          required
          aria-invalid={whenError ? true : undefined}
          aria-describedby={`${id}-when-help${whenError ? ` ${id}-when-error` : ""}`}
        />
        <span id={`${id}-when-help`} className="muted help">
          {t("partner.checkIn.whenHelp")}
        </span>
        <FieldMessage id={`${id}-when-error`} message={whenError} />
      </label>
      <div className="actions">
        <button type="submit" disabled={log.isPending || !help.trim()}>
          {t("partner.checkIn.submit")}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

function EndForm({ pairingId, status, onDone }: { pairingId: string; status: "ACTIVE" | "PROPOSED"; onDone(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const reasons = END_REASONS[status];
  const [reason, setReason] = useState<PairingEndReason>(reasons[0]!);
  const [note, setNote] = useState("");
  const end = useMutation({
    mutationFn: () => execute(EndPairingMutation, { id: pairingId, reason, note: note.trim() || undefined }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["partner"] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    end.mutate();
  };
  const noteError = fieldError(end.error, "note");
  const noteNeeded = reason === "OTHER";
  return (
    <form className="stack partner-form" onSubmit={submit} aria-label={t("partner.end.open")}>
      {isFormLevel(end.error, ["note"]) && <ErrorNotice error={end.error} />}
      <label>
        {t("partner.end.reason")}
        <select value={reason} onChange={(event) => setReason(event.target.value as PairingEndReason)}>
          {reasons.map((value) => (
            <option key={value} value={value}>
              {t(`pairingEndReason.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {noteNeeded ? t("partner.end.noteRequired") : t("partner.end.note")}
        <textarea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          rows={2}
          required={noteNeeded}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={`${id}-help${noteError ? ` ${id}-error` : ""}`}
        />
        <span id={`${id}-help`} className="muted help">
          {t("partner.end.noteHelp")}
        </span>
        <FieldMessage id={`${id}-error`} message={noteError} />
      </label>
      <div className="actions">
        <button type="submit" disabled={end.isPending || (noteNeeded && !note.trim())}>
          {status === "ACTIVE" ? t("partner.end.submit") : t("partner.end.withdraw")}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
