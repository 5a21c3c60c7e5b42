// /partner/opportunities: households in need of the organisation's street with a place open for
// pairing, as the API lets a partner know them before anyone agreed to anything (block, needs,
// household size: never who). A proposal waits for the household's consent, which its community
// worker records.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { execute } from "../api/client";
import type { PairingOpportunitiesQuery } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { useOwnPartner } from "./account";
import { fieldError, isFormLevel, useIdempotencyKey } from "./forms";
import { FieldMessage, Loading } from "./parts";
import { PairingOpportunitiesQuery as OpportunitiesQuery, RequestPairingMutation } from "./queries";
import { RequireApprovedPartner } from "./RequirePartner";

type Opportunity = NonNullable<PairingOpportunitiesQuery["pairingOpportunities"]>["edges"][number]["node"];

export function OpportunitiesPage() {
  const { t } = useTranslation();
  return (
    <section className="partner-page" aria-labelledby="opportunities-title">
      <h1 id="opportunities-title">{t("partner.opportunities.title")}</h1>
      <p className="muted">{t("partner.opportunities.intro")}</p>
      <RequireApprovedPartner>{(account) => <Opportunities partnerId={account.registration.partnerId} />}</RequireApprovedPartner>
    </section>
  );
}

function Opportunities({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const partner = useOwnPartner(partnerId);
  const [proposed, setProposed] = useState<string | null>(null);
  const opportunities = useInfiniteQuery({
    queryKey: ["partner", "opportunities"],
    queryFn: ({ pageParam }) => execute(OpportunitiesQuery, { after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.pairingOpportunities?.pageInfo.hasNextPage ? last.pairingOpportunities.pageInfo.endCursor : undefined,
  });
  if (opportunities.error) return <ErrorNotice error={opportunities.error} onRetry={() => void opportunities.refetch()} />;
  if (!opportunities.data) return <Loading />;
  const items = opportunities.data.pages.flatMap((page) => page.pairingOpportunities?.edges.map((edge) => edge.node) ?? []);
  const canStart = partner.data?.partner?.canStartPairings ?? true;
  return (
    <>
      {!canStart && (
        <div className="notice warn">
          <p>{t("partner.home.expired")}</p>
        </div>
      )}
      {proposed && (
        <div className="notice success" role="status">
          <p>{t("partner.opportunities.proposed")}</p>
          <Link to="/partner/pairings">{t("partner.pairings.title")}</Link>
        </div>
      )}
      {items.length === 0 && <p>{t("partner.opportunities.empty")}</p>}
      <ul className="partner-list" aria-label={t("partner.opportunities.title")}>
        {items.map((item) => (
          <li key={item.id} className="card" data-opportunity-id={item.id}>
            <OpportunityCard opportunity={item} canStart={canStart} onProposed={setProposed} />
          </li>
        ))}
      </ul>
      {opportunities.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void opportunities.fetchNextPage()}
          disabled={opportunities.isFetchingNextPage}
        >
          {t("more")}
        </button>
      )}
    </>
  );
}

function OpportunityCard({
  opportunity,
  canStart,
  onProposed,
}: {
  opportunity: Opportunity;
  canStart: boolean;
  onProposed(pairingId: string): void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <dl className="partner-facts">
        <dt>{t("partner.blockCode")}</dt>
        <dd data-field="blockCode">{opportunity.blockCode}</dd>
        <dt>{t("partner.needs")}</dt>
        <dd data-field="needs">
          {opportunity.needs.map((need) => (
            <span key={need} className="tag" data-need={need}>
              {t(`need.${need}`)}
            </span>
          ))}
        </dd>
        <dt>{t("partner.opportunities.size")}</dt>
        <dd data-field="householdSize">{t(`householdSize.${opportunity.householdSize}`)}</dd>
      </dl>
      {open ? (
        <ProposeForm opportunityId={opportunity.id} onDone={onProposed} onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" onClick={() => setOpen(true)} disabled={!canStart}>
          {t("partner.opportunities.propose")}
        </button>
      )}
    </>
  );
}

function ProposeForm({
  opportunityId,
  onDone,
  onCancel,
}: {
  opportunityId: string;
  onDone(pairingId: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const [idempotencyKey] = useIdempotencyKey();
  const request = useMutation({
    mutationFn: () =>
      execute(RequestPairingMutation, { idempotencyKey, input: { opportunityId, note: note.trim() || undefined } }),
    onSuccess: ({ requestPairing }) => {
      if (requestPairing) onDone(requestPairing.id);
      void client.invalidateQueries({ queryKey: ["partner"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  const noteError = fieldError(request.error, "note");
  return (
    <form className="stack" onSubmit={submit}>
      {isFormLevel(request.error, ["note"]) && <ErrorNotice error={request.error} />}
      <label>
        {t("partner.opportunities.note")}
        <textarea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          rows={3}
          aria-describedby={`${id}-help${noteError ? ` ${id}-error` : ""}`}
          aria-invalid={noteError ? true : undefined}
        />
        <span id={`${id}-help`} className="muted help">
          {t("partner.opportunities.noteHelp")}
        </span>
        <FieldMessage id={`${id}-error`} message={noteError} />
      </label>
      <div className="actions">
        <button type="submit" disabled={request.isPending}>
          {t("partner.opportunities.send")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
