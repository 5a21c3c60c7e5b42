// An API error in words a person can act on: a sentence in the page's language for its code, and,
// where the API said something specific (which input, which rule), its own words beside it. The
// API speaks English; those words are marked so, for screen readers.
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** Codes whose message says what exactly was wrong: worth showing beside the translated sentence. */
const SPECIFIC = new Set(["BAD_USER_INPUT", "CONFLICT", "FORBIDDEN"]);

/** The translated sentence for the error's code. */
export function errorSentence(error: unknown, t: (key: string) => string): string {
  if (!(error instanceof ApiError)) return t("errors.INTERNAL_SERVER_ERROR");
  const known = t(`errors.${error.code}`);
  return known.startsWith("errors.") ? t("errors.INTERNAL_SERVER_ERROR") : known;
}

/** The API's own words about what was wrong, when it said something specific. */
export function errorDetail(error: unknown): string | null {
  return error instanceof ApiError && SPECIFIC.has(error.code) ? error.message : null;
}

/** Both, as one line of text (for places that show plain text). */
export function errorText(error: unknown, t: (key: string) => string): string {
  const detail = errorDetail(error);
  return detail ? `${errorSentence(error, t)} (${detail})` : errorSentence(error, t);
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const detail = errorDetail(error);
  return (
    <div role="alert" className="notice error">
      <p>{errorSentence(error, t)}</p>
      {detail && (
        <p className="muted" lang={i18n.language === "en" ? undefined : "en"}>
          {detail}
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}
