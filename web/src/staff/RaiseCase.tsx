// A case raised from a stored visit in one step: raiseCase (with the visit, its household and
// block) and then recordVisitFollowUp, so the visit leaves the list waiting for follow-up. Both
// carry ids made here, kept across retries: a retry after a lost answer raises nothing twice.
// Cases are not queued offline: a case starts a clock at the block, so it needs the network now.

import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, execute, mayPassOnRetry } from "../api/client";
import { CASE_CATEGORIES } from "../api/enums";
import { newKey } from "../api/keys";
import { formatDateTime } from "../format";
import type { CaseCategory, VisitCategory, VisitChannel } from "../generated/graphql";
import { ErrorNotice } from "../layout/ErrorNotice";
import { reportRequest, useOnline } from "./connectivity";
import { RaiseCaseMutation, RecordFollowUpMutation } from "./queries";

/** A first guess at the case's category from the visit's; the person may change it. */
const CASE_CATEGORY_OF: Record<VisitCategory, CaseCategory> = {
  LIVING_DIFFICULTY: "CIVIL_AFFAIRS",
  DEVELOPMENT_DIFFICULTY: "EMPLOYMENT",
  NEIGHBOUR_DISPUTE: "NEIGHBOUR_DISPUTE",
  OPINION_OR_SUGGESTION: "OTHER",
  PETITION: "OTHER",
  OTHER: "OTHER",
};

export interface VisitForCase {
  id: string;
  channel: VisitChannel;
  category: VisitCategory;
  summary: string;
  householdId: string;
  blockCode: string;
}

export function RaiseCase({
  visit,
  caseId,
  onRaised,
}: {
  visit: VisitForCase;
  /** A case already raised from it here. */
  caseId?: string | null;
  onRaised?: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<CaseCategory>(CASE_CATEGORY_OF[visit.category]);
  const [description, setDescription] = useState(visit.summary);
  // Made once per attempt and kept when the network failed (the case may exist already).
  const attempt = useRef({ idempotencyKey: newKey(), id: newKey() });

  // The case once raiseCase has answered: a retry after the follow-up failed records only the follow-up.
  const raised = useRef<{ id: string; dueAt: string | null } | null>(null);

  const raise = useMutation({
    mutationFn: async () => {
      const { idempotencyKey, id } = attempt.current;
      if (!raised.current) {
        try {
          const { raiseCase } = await execute(RaiseCaseMutation, {
            input: {
              idempotencyKey,
              id,
              blockCode: visit.blockCode,
              householdId: visit.householdId,
              visitId: visit.id,
              channel: visit.channel,
              category,
              description: description.trim(),
            },
          });
          raised.current = raiseCase;
        } catch (error) {
          // The key was used with other input (edited after an answer that was lost): the case of that
          // first try exists, under the id made here; it goes on with that one rather than a second.
          if (!(error instanceof ApiError && error.code === "CONFLICT")) throw error;
          raised.current = { id, dueAt: null };
        }
      }
      await execute(RecordFollowUpMutation, { visitId: visit.id, caseId: raised.current.id });
      return raised.current;
    },
    onSuccess: (answer) => {
      reportRequest();
      onRaised?.(answer.id);
    },
    onError: (error) => {
      reportRequest(error);
      // raiseCase refused as sent: what is sent next is another request, under new ids.
      if (!raised.current && !mayPassOnRetry(error)) {
        attempt.current = { idempotencyKey: newKey(), id: newKey() };
      }
    },
  });

  const raisedId = raise.data?.id ?? caseId;
  if (raisedId) {
    return (
      <div className="notice success" role="status">
        <p>{t("staff.raise.raised")}</p>
        {raise.data?.dueAt && <p>{t("staff.raise.dueAt", { time: formatDateTime(raise.data.dueAt) })}</p>}
        <Link to={`/cases/${raisedId}`} data-testid="raised-case">
          {t("staff.raise.viewCase")}
        </Link>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {t("staff.raise.open")}
      </button>
    );
  }
  const formId = `raise-${visit.id}`;
  return (
    <form
      className="raise-case stack"
      aria-labelledby={`${formId}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        if (description.trim()) raise.mutate();
      }}
    >
      <h3 id={`${formId}-title`}>{t("staff.raise.title")}</h3>
      <label>
        {t("staff.raise.category")}
        <select value={category} onChange={(event) => setCategory(event.target.value as CaseCategory)}>
          {CASE_CATEGORIES.map((option) => (
            <option key={option} value={option}>
              {t(`caseCategory.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("staff.raise.description")}
        <textarea rows={3} value={description} required onChange={(event) => setDescription(event.target.value)} />
      </label>
      {!online && (
        <p className="notice warn" role="status">
          {t("staff.raise.needsNetwork")}
        </p>
      )}
      {raise.error && <ErrorNotice error={raise.error} />}
      <div className="actions">
        <button type="submit" disabled={!online || raise.isPending || !description.trim()}>
          {t(raise.isPending ? "staff.raise.sending" : "staff.raise.submit")}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
