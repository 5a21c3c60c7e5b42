// /partner/vetting: a street officer's queue of the street's registrations waiting to be vetted;
// each approved until a day in the future, with notes, or rejected saying why.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { execute } from "../api/client";
import { useViewer } from "../auth/session";
import { formatDateTime, formatNumber } from "../format";
import type { PendingPartnersQuery } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { endOfShanghaiDay, fieldError, isFormLevel, shanghaiDayFromToday } from "./forms";
import { FieldMessage, Loading, NotForYourRole } from "./parts";
import { ApprovePartnerMutation, PendingPartnersQuery as PendingQuery, RejectPartnerMutation } from "./queries";

type Registration = NonNullable<PendingPartnersQuery["partners"]>["edges"][number]["node"];
const VETTING_KEY = ["partner", "vetting"] as const;

export function VettingPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  if (viewer.role !== "street_officer" || !viewer.scope) return <NotForYourRole />;
  return (
    <section className="partner-page" aria-labelledby="vetting-title">
      <h1 id="vetting-title">{t("partner.vetting.title")}</h1>
      <p className="muted">{t("partner.vetting.intro")}</p>
      <PendingRegistrations street={viewer.scope} />
    </section>
  );
}

function PendingRegistrations({ street }: { street: string }) {
  const { t } = useTranslation();
  const [decided, setDecided] = useState<{ name: string; status: "APPROVED" | "REJECTED" } | null>(null);
  const pending = useInfiniteQuery({
    queryKey: [...VETTING_KEY, street],
    queryFn: ({ pageParam }) => execute(PendingQuery, { street, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.partners?.pageInfo.hasNextPage ? last.partners.pageInfo.endCursor : undefined),
  });
  if (pending.error) return <ErrorNotice error={pending.error} onRetry={() => void pending.refetch()} />;
  if (!pending.data) return <Loading />;
  const items = pending.data.pages.flatMap((page) => page.partners?.edges.map((edge) => edge.node) ?? []);
  return (
    <>
      {decided && (
        <div className="notice success" role="status">
          <p>{t(`partner.vetting.decided.${decided.status}`, { name: decided.name })}</p>
        </div>
      )}
      {items.length === 0 && <p>{t("partner.vetting.empty")}</p>}
      <ul className="partner-list" aria-label={t("partner.vetting.title")}>
        {items.map((registration) => (
          <li key={registration.id}>
            <PendingCard registration={registration} onDecided={setDecided} />
          </li>
        ))}
      </ul>
      {pending.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void pending.fetchNextPage()}
          disabled={pending.isFetchingNextPage}
        >
          {t("more")}
        </button>
      )}
    </>
  );
}

function PendingCard({
  registration,
  onDecided,
}: {
  registration: Registration;
  onDecided(decision: { name: string; status: "APPROVED" | "REJECTED" }): void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [deciding, setDeciding] = useState<"approve" | "reject" | null>(null);
  return (
    <article className="card" data-partner-id={registration.id} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {registration.name}
        <span className="tag">{t(`partnerKind.${registration.kind}`)}</span>
      </h2>
      <dl className="partner-facts">
        <dt>{t("partner.creditCode.label")}</dt>
        <dd className="credit-code">{registration.creditCode}</dd>
        <dt>{t("partner.register.contactPerson")}</dt>
        <dd>{registration.contactPerson}</dd>
        <dt>{t("partner.register.contactPhone")}</dt>
        <dd>{registration.contactPhone}</dd>
        <dt>{t("partner.vetting.services")}</dt>
        <dd>
          {registration.services.map((need) => (
            <span key={need} className="tag">
              {t(`need.${need}`)}
            </span>
          ))}
        </dd>
        <dt>{t("partner.register.capacity")}</dt>
        <dd>{formatNumber(registration.capacity)}</dd>
        <dt>{t("partner.vetting.registeredAt")}</dt>
        <dd>{formatDateTime(registration.registeredAt)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => setDeciding("approve")} aria-expanded={deciding === "approve"}>
          {t("partner.vetting.approve")}
        </button>
        <button type="button" className="secondary" onClick={() => setDeciding("reject")} aria-expanded={deciding === "reject"}>
          {t("partner.vetting.reject")}
        </button>
      </div>
      {deciding && (
        <DecisionForm
          key={deciding}
          registration={registration}
          approving={deciding === "approve"}
          onCancel={() => setDeciding(null)}
          onDecided={onDecided}
        />
      )}
    </article>
  );
}

function DecisionForm({
  registration,
  approving,
  onCancel,
  onDecided,
}: {
  registration: Registration;
  approving: boolean;
  onCancel(): void;
  onDecided(decision: { name: string; status: "APPROVED" | "REJECTED" }): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [notes, setNotes] = useState("");
  const [until, setUntil] = useState(() => shanghaiDayFromToday(365));
  const decide = useMutation({
    mutationFn: async () => {
      const vettingNotes = notes.trim();
      if (approving) {
        await execute(ApprovePartnerMutation, { id: registration.id, vettingNotes, approvedUntil: endOfShanghaiDay(until) });
        return "APPROVED" as const;
      }
      await execute(RejectPartnerMutation, { id: registration.id, vettingNotes });
      return "REJECTED" as const;
    },
    onSuccess: async (status) => {
      onDecided({ name: registration.name, status });
      await client.invalidateQueries({ queryKey: VETTING_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (notes.trim() && (!approving || until)) decide.mutate();
  };
  const notesError = fieldError(decide.error, "vettingNotes");
  const untilError = fieldError(decide.error, "approvedUntil");
  return (
    <form
      className="stack partner-form"
      onSubmit={submit}
      aria-label={approving ? t("partner.vetting.approve") : t("partner.vetting.reject")}
    >
      {isFormLevel(decide.error, ["vettingNotes", "approvedUntil"]) && <ErrorNotice error={decide.error} />}
      <label>
        {approving ? t("partner.vetting.notes") : t("partner.vetting.rejectNotes")}
        <textarea
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          rows={3}
          maxLength={2000}
          required
          aria-invalid={notesError ? true : undefined}
          aria-describedby={`${id}-notes-help${notesError ? ` ${id}-notes-error` : ""}`}
        />
        <span id={`${id}-notes-help`} className="muted help">
          {t("partner.vetting.notesHelp")}
        </span>
        <FieldMessage id={`${id}-notes-error`} message={notesError} />
      </label>
      {approving && (
        <label>
          {t("partner.vetting.until")}
          <input
            type="date"
            value={until}
            min={shanghaiDayFromToday(1)}
            max={shanghaiDayFromToday(5 * 365)}
            onChange={(event) => setUntil(event.target.value)}
            required
            aria-invalid={untilError ? true : undefined}
            aria-describedby={`${id}-until-help${untilError ? ` ${id}-until-error` : ""}`}
          />
          <span id={`${id}-until-help`} className="muted help">
            {t("partner.vetting.untilHelp")}
          </span>
          <FieldMessage id={`${id}-until-error`} message={untilError} />
        </label>
      )}
      <div className="actions">
        <button type="submit" disabled={decide.isPending || !notes.trim() || (approving && !until)}>
          {approving ? t("partner.vetting.confirmApprove") : t("partner.vetting.confirmReject")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
