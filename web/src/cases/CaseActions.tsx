// The actions the signed-in person may take on the case as it stands, each as a form. What was
// typed is kept here, above the forms, so a refresh after a conflict (or a form that disappears
// and comes back) loses nothing.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { execute } from "../api/client";
import type { Viewer } from "../auth/claims";
import { formatDate, todayInShanghai } from "../format";
import type { CaseDetailFieldsFragment, RevisitOutcome } from "../generated/graphql";
import { ActionForm, Field } from "./ActionForm";
import { shanghaiDayOf } from "./filters";
import { NEXT_TIER, offeredActions } from "./permissions";
import {
  AcceptCaseMutation,
  EscalateCaseMutation,
  RecordRevisitMutation,
  ResolveCaseMutation,
  TransferCaseMutation,
  WithdrawCaseMutation,
} from "./queries";
import { type CaseActionRunner, failureOf } from "./useCaseAction";

const REVISIT_OUTCOMES = [
  "SATISFIED",
  "NOT_SATISFIED",
  "UNREACHABLE",
  "UNREASONABLE_REQUEST",
] as const satisfies readonly RevisitOutcome[];

const EMPTY_DRAFTS = {
  accept: { commitmentDate: "", note: "" },
  escalate: { reason: "" },
  transfer: { toHolder: "", reason: "" },
  resolve: { resolution: "" },
  revisit: { outcome: "SATISFIED" as RevisitOutcome, note: "" },
  withdraw: { reason: "" },
};
type Drafts = typeof EMPTY_DRAFTS;

interface Props {
  c: CaseDetailFieldsFragment;
  viewer: Viewer;
  withText: boolean;
  runner: CaseActionRunner;
}

export function CaseActions({ c, viewer, withText, runner }: Props) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<Drafts>(EMPTY_DRAFTS);
  const edit = <Action extends keyof Drafts>(action: Action, change: Partial<Drafts[Action]>) =>
    setDrafts((current) => ({ ...current, [action]: { ...current[action], ...change } }));

  // A finished action's form starts empty next time.
  const { notice } = runner;
  useEffect(() => {
    if (notice?.kind === "done" && notice.action !== "merge") {
      const action = notice.action;
      setDrafts((current) => ({ ...current, [action]: EMPTY_DRAFTS[action] }));
    }
  }, [notice]);

  // The outcome is announced where focus lands: the forms it came from may have gone.
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice?.kind === "done" || notice?.kind === "conflict") noticeRef.current?.focus();
  }, [notice]);

  const raisedBy = c.events?.find((event) => event.kind === "RAISED")?.actor;
  const actions = offeredActions(viewer, c, raisedBy);
  const base = { id: c.id, expectedVersion: c.version };
  const tierWord = t(`tiers.${c.tier}`);
  const next = NEXT_TIER[c.tier];
  const formProps = (action: keyof Drafts) => ({
    pending: runner.pending === action,
    error: failureOf(notice, action),
  });

  return (
    <section aria-labelledby="case-actions-title" className="stack">
      <h2 id="case-actions-title">{t("cases.actions.title")}</h2>
      <div ref={noticeRef} tabIndex={-1} className="action-notice">
        {notice?.kind === "conflict" && (
          <p role="alert" className="notice warn" data-testid="conflict">
            {notice.version === null
              ? t("cases.actions.conflictNoVersion")
              : t("cases.actions.conflict", { version: notice.version })}
          </p>
        )}
        {notice?.kind === "done" && (
          <p role="status" className="notice success">
            {t("cases.actions.done", { action: t(`cases.actions.${notice.action}.title`) })}
          </p>
        )}
      </div>
      {actions.length === 0 && <p className="muted">{t("cases.actions.none")}</p>}
      {c.status === "RESOLVED" && raisedBy === viewer.sub && <p className="muted">{t("cases.actions.revisitByOther")}</p>}
      <div className="action-forms">
        {actions.includes("accept") && (
          <ActionForm
            title={t("cases.actions.accept.title")}
            submit={t("cases.actions.accept.submit")}
            fields={["commitmentDate", "note"]}
            {...formProps("accept")}
            onSubmit={() =>
              runner.run({
                action: "accept",
                send: async () =>
                  (
                    await execute(AcceptCaseMutation, {
                      withText,
                      input: {
                        ...base,
                        commitmentDate: drafts.accept.commitmentDate,
                        note: drafts.accept.note.trim() || null,
                      },
                    })
                  ).acceptCase,
              })
            }
          >
            {(fieldError) => {
              // Within the tier's limit: from today to the last day before dueAt (Asia/Shanghai).
              const from = todayInShanghai();
              const to = shanghaiDayOf(new Date(new Date(c.dueAt).getTime() - 1).toISOString());
              return (
                <>
                  <Field
                    type="date"
                    label={t("cases.actions.accept.date")}
                    name="commitmentDate"
                    required
                    min={from}
                    max={to >= from ? to : undefined}
                    value={drafts.accept.commitmentDate}
                    onChange={(commitmentDate) => edit("accept", { commitmentDate })}
                    help={t("cases.actions.accept.dateHelp", { from: formatDate(from), to: formatDate(to) })}
                    error={fieldError("commitmentDate")}
                  />
                  <Field
                    multiline
                    label={t("cases.actions.accept.note")}
                    name="note"
                    value={drafts.accept.note}
                    onChange={(note) => edit("accept", { note })}
                    error={fieldError("note")}
                  />
                </>
              );
            }}
          </ActionForm>
        )}
        {actions.includes("escalate") && next && (
          <ActionForm
            title={t("cases.actions.escalate.title")}
            help={t("cases.actions.escalate.help", { tier: t(`tiers.${next}`) })}
            submit={t("cases.actions.escalate.submit")}
            fields={["reason"]}
            {...formProps("escalate")}
            onSubmit={() =>
              runner.run({
                action: "escalate",
                send: async () =>
                  (await execute(EscalateCaseMutation, { withText, input: { ...base, reason: drafts.escalate.reason } }))
                    .escalateCase,
              })
            }
          >
            {(fieldError) => (
              <Field
                multiline
                required
                label={t("cases.actions.escalate.reason")}
                name="reason"
                value={drafts.escalate.reason}
                onChange={(reason) => edit("escalate", { reason })}
                error={fieldError("reason")}
              />
            )}
          </ActionForm>
        )}
        {actions.includes("transfer") && (
          <ActionForm
            title={t("cases.actions.transfer.title")}
            submit={t("cases.actions.transfer.submit")}
            fields={["toHolder", "reason"]}
            {...formProps("transfer")}
            onSubmit={() =>
              runner.run({
                action: "transfer",
                send: async () =>
                  (
                    await execute(TransferCaseMutation, {
                      withText,
                      input: { ...base, toHolder: drafts.transfer.toHolder.trim(), reason: drafts.transfer.reason },
                    })
                  ).transferCase,
              })
            }
          >
            {(fieldError) => (
              <>
                <Field
                  required
                  label={t("cases.actions.transfer.toHolder", { tier: tierWord })}
                  name="toHolder"
                  value={drafts.transfer.toHolder}
                  onChange={(toHolder) => edit("transfer", { toHolder })}
                  help={
                    c.tier === "DEPARTMENT"
                      ? t("cases.actions.transfer.toHolderDepartmentHelp")
                      : t("cases.actions.transfer.toHolderHelp", { tier: tierWord })
                  }
                  error={fieldError("toHolder")}
                />
                <Field
                  multiline
                  required
                  label={t("cases.actions.transfer.reason")}
                  name="reason"
                  value={drafts.transfer.reason}
                  onChange={(reason) => edit("transfer", { reason })}
                  error={fieldError("reason")}
                />
              </>
            )}
          </ActionForm>
        )}
        {actions.includes("resolve") && (
          <ActionForm
            title={t("cases.actions.resolve.title")}
            submit={t("cases.actions.resolve.submit")}
            fields={["resolution"]}
            {...formProps("resolve")}
            onSubmit={() =>
              runner.run({
                action: "resolve",
                send: async () =>
                  (await execute(ResolveCaseMutation, { withText, input: { ...base, resolution: drafts.resolve.resolution } }))
                    .resolveCase,
              })
            }
          >
            {(fieldError) => (
              <Field
                multiline
                required
                label={t("cases.actions.resolve.resolution")}
                name="resolution"
                value={drafts.resolve.resolution}
                onChange={(resolution) => edit("resolve", { resolution })}
                error={fieldError("resolution")}
              />
            )}
          </ActionForm>
        )}
        {actions.includes("revisit") && (
          <ActionForm
            title={t("cases.actions.revisit.title")}
            submit={t("cases.actions.revisit.submit")}
            fields={["outcome", "note"]}
            {...formProps("revisit")}
            onSubmit={() =>
              runner.run({
                action: "revisit",
                send: async () =>
                  (
                    await execute(RecordRevisitMutation, {
                      withText,
                      input: { ...base, outcome: drafts.revisit.outcome, note: drafts.revisit.note.trim() || null },
                    })
                  ).recordRevisit,
              })
            }
          >
            {(fieldError) => (
              <>
                <label>
                  {t("cases.actions.revisit.outcome")}
                  <select
                    name="outcome"
                    value={drafts.revisit.outcome}
                    onChange={(event) => edit("revisit", { outcome: event.target.value as RevisitOutcome })}
                  >
                    {REVISIT_OUTCOMES.map((outcome) => (
                      <option key={outcome} value={outcome}>
                        {t(`revisitOutcome.${outcome}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <Field
                  multiline
                  required={drafts.revisit.outcome === "NOT_SATISFIED"}
                  label={t("cases.actions.revisit.note")}
                  name="note"
                  help={t("cases.actions.revisit.noteHelp")}
                  value={drafts.revisit.note}
                  onChange={(note) => edit("revisit", { note })}
                  error={fieldError("note")}
                />
              </>
            )}
          </ActionForm>
        )}
        {actions.includes("withdraw") && (
          <ActionForm
            title={t("cases.actions.withdraw.title")}
            submit={t("cases.actions.withdraw.submit")}
            fields={["reason"]}
            {...formProps("withdraw")}
            onSubmit={() =>
              runner.run({
                action: "withdraw",
                send: async () =>
                  (await execute(WithdrawCaseMutation, { withText, input: { ...base, reason: drafts.withdraw.reason } }))
                    .withdrawCase,
              })
            }
          >
            {(fieldError) => (
              <Field
                multiline
                required
                label={t("cases.actions.withdraw.reason")}
                name="reason"
                value={drafts.withdraw.reason}
                onChange={(reason) => edit("withdraw", { reason })}
                error={fieldError("reason")}
              />
            )}
          </ActionForm>
        )}
      </div>
    </section>
  );
}
