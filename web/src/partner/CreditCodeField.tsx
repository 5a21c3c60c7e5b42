// The unified social credit code's input: what is wrong with it is said while typing (a character
// the code never has, the check character the first 17 call for), before any request.
import type { TFunction } from "i18next";
import { type Ref, useId } from "react";
import { useTranslation } from "react-i18next";
import { CREDIT_CODE_LENGTH, type CreditCodeProblem, creditCodeProblem, normaliseCreditCode } from "./credit-code";
import { FieldMessage } from "./parts";

interface Props {
  ref?: Ref<HTMLInputElement>;
  value: string;
  onChange(value: string): void;
  /** After a submit, a code too short is a problem too (while typing it is only unfinished). */
  showIncomplete: boolean;
  apiError?: string;
}

export function CreditCodeField({ ref, value, onChange, showIncomplete, apiError }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const code = normaliseCreditCode(value);
  const problem = code ? creditCodeProblem(code) : null;
  const unfinished = problem?.kind === "length" && problem.length < CREDIT_CODE_LENGTH && !showIncomplete;
  const shown = problem && !unfinished ? problem : null;
  const hint = shown ? problemText(shown, t) : undefined;
  return (
    <label>
      {t("partner.creditCode.label")}
      <input
        ref={ref}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        maxLength={24}
        className="credit-code"
        aria-invalid={hint || apiError ? true : undefined}
        aria-describedby={`${id}-help ${id}-hint${apiError ? ` ${id}-error` : ""}`}
      />
      <span id={`${id}-help`} className="muted help">
        {t("partner.creditCode.help")}
      </span>
      {/* Announced as it changes; empty once the code is right. */}
      <span id={`${id}-hint`} aria-live="polite" data-testid="credit-code-hint" className={hint ? "field-error" : "muted help"}>
        {hint ??
          (code && !problem
            ? t("partner.creditCode.valid")
            : unfinished
              ? t("partner.creditCode.count", { length: code.length, total: CREDIT_CODE_LENGTH })
              : "")}
      </span>
      <FieldMessage id={`${id}-error`} message={apiError} />
    </label>
  );
}

function problemText(problem: CreditCodeProblem, t: TFunction): string {
  switch (problem.kind) {
    case "character":
      return t("partner.creditCode.character", { character: problem.character });
    case "length":
      return t("partner.creditCode.length", { length: problem.length, total: CREDIT_CODE_LENGTH });
    case "check":
      return t("partner.creditCode.check", { expected: problem.expected });
  }
}
