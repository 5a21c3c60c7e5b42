// An API error in words a person can act on: the server's own message when it gave one for the
// input, else a translated sentence for its code.
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

export function errorText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError) {
    if (error.code === "BAD_USER_INPUT" || error.code === "CONFLICT") return error.message;
    const known = t(`errors.${error.code}`);
    return known.startsWith("errors.") ? error.message : known;
  }
  return t("errors.INTERNAL_SERVER_ERROR");
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="notice error">
      <p>{errorText(error, t)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}
