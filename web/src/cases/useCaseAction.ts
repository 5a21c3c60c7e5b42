// Runs one action on a case and says how it went. Success: the page shows the case the API
// answered and every case list is asked again. A stale version (CONFLICT with currentVersion:
// someone changed the case since the page loaded): the case is fetched again and the page says so
// in words; the forms keep what was typed. Anything else is kept for the form that asked.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api/client";
import type { CaseDetailFieldsFragment } from "../generated/graphql";
import { CASE_LISTS_KEY, caseKey } from "./keys";

export type ActionName = "accept" | "escalate" | "transfer" | "resolve" | "revisit" | "withdraw" | "merge";

export type ActionNotice =
  | { kind: "done"; action: ActionName }
  | { kind: "conflict"; version: number | null }
  | { kind: "failed"; action: ActionName; error: unknown };

interface Run {
  action: ActionName;
  /** Which form asked (a merge names the duplicate), so its refusal shows next to it. */
  form?: string;
  send(): Promise<CaseDetailFieldsFragment>;
}

export function useCaseAction(id: string) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<(ActionNotice & { form?: string }) | null>(null);
  const mutation = useMutation({
    mutationFn: (run: Run) => run.send(),
    onMutate: () => setNotice(null),
    onSuccess: (answer, run) => {
      client.setQueriesData<{ case: CaseDetailFieldsFragment | null }>({ queryKey: caseKey(id) }, { case: answer });
      void client.invalidateQueries({ queryKey: CASE_LISTS_KEY });
      setNotice({ kind: "done", action: run.action, form: run.form });
    },
    onError: async (error, run) => {
      if (error instanceof ApiError && error.code === "CONFLICT") {
        // Whatever the conflict, the page now shows the case as it stands.
        await client.refetchQueries({ queryKey: caseKey(id) });
        const version = error.errors[0]?.extensions.currentVersion;
        if (typeof version === "number") {
          setNotice({ kind: "conflict", version });
          return;
        }
      }
      setNotice({ kind: "failed", action: run.action, form: run.form, error });
    },
  });
  return {
    run: (run: Run) => mutation.mutate(run),
    pending: mutation.isPending ? (mutation.variables?.form ?? mutation.variables?.action) : null,
    notice,
  };
}

export type CaseActionRunner = ReturnType<typeof useCaseAction>;

/** The refusal meant for this form, if the last action was its own and failed. */
export function failureOf(notice: CaseActionRunner["notice"], form: string): unknown {
  if (notice?.kind !== "failed") return null;
  return (notice.form ?? notice.action) === form ? notice.error : null;
}
