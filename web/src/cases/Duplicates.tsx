// Other open cases that may be the same problem, linked; the holder of both may merge this case
// into one of them as its duplicate.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { execute } from "../api/client";
import type { Viewer } from "../auth/claims";
import { formatDateTime, formatPercent } from "../format";
import type { CaseDetailFieldsFragment } from "../generated/graphql";
import { ActionForm, Field } from "./ActionForm";
import { mayMerge } from "./permissions";
import { MergeCaseMutation } from "./queries";
import { type CaseActionRunner, failureOf } from "./useCaseAction";

interface Props {
  c: CaseDetailFieldsFragment;
  viewer: Viewer;
  withText: boolean;
  runner: CaseActionRunner;
}

export function Duplicates({ c, viewer, withText, runner }: Props) {
  const { t } = useTranslation();
  // Reasons typed per duplicate, kept across refreshes.
  const [reasons, setReasons] = useState<Record<string, string>>({});
  if (c.status !== "OPEN" && c.status !== "ACCEPTED") return null;
  return (
    <section aria-labelledby="case-duplicates">
      <h2 id="case-duplicates">{t("cases.detail.duplicates")}</h2>
      {c.possibleDuplicates.length === 0 ? (
        <p>{t("cases.detail.noDuplicates")}</p>
      ) : (
        <ul className="duplicates">
          {c.possibleDuplicates.map(({ case: other, similarity }) => {
            const form = `merge:${other.id}`;
            return (
              <li key={other.id} className="stack">
                <div>
                  <Link to={`/cases/${other.id}`}>
                    {t("cases.detail.duplicateLink", {
                      category: t(`caseCategory.${other.category}`),
                      status: t(`caseStatus.${other.status}`),
                      raisedAt: formatDateTime(other.raisedAt),
                    })}
                  </Link>{" "}
                  <span className="muted">{t("cases.detail.similarity", { value: formatPercent(similarity) })}</span>
                </div>
                {mayMerge(viewer, c, other) && (
                  <ActionForm
                    title={t("cases.actions.merge.title")}
                    submit={t("cases.actions.merge.submit")}
                    fields={["reason", "intoCaseId"]}
                    pending={runner.pending === form}
                    error={failureOf(runner.notice, form)}
                    onSubmit={() =>
                      runner.run({
                        action: "merge",
                        form,
                        send: async () =>
                          (
                            await execute(MergeCaseMutation, {
                              withText,
                              caseId: c.id,
                              intoCaseId: other.id,
                              expectedVersion: c.version,
                              reason: reasons[other.id] ?? "",
                            })
                          ).mergeCase,
                      })
                    }
                  >
                    {(fieldError) => (
                      <Field
                        multiline
                        required
                        label={t("cases.actions.merge.reason")}
                        name="reason"
                        value={reasons[other.id] ?? ""}
                        onChange={(reason) => setReasons((current) => ({ ...current, [other.id]: reason }))}
                        error={fieldError("reason") ?? fieldError("intoCaseId")}
                      />
                    )}
                  </ActionForm>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
