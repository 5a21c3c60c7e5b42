// One action's form: a heading, its fields, a submit button, and the API's refusal in place — a
// BAD_USER_INPUT naming a field beside that field, anything else under the form's heading.
import type { TFunction } from "i18next";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { errorText } from "../layout/ErrorNotice";

interface FormProps {
  title: string;
  help?: string;
  submit: string;
  pending: boolean;
  /** The API's refusal of this form's last submission. */
  error: unknown;
  /** The input fields this form has: a refusal naming one of them shows beside it. */
  fields: string[];
  onSubmit(): void;
  children(fieldError: (field: string) => string | undefined): ReactNode;
}

export function ActionForm({ title, help, submit, pending, error, fields, onSubmit, children }: FormProps) {
  const { t } = useTranslation();
  const id = useId();
  const apiError = error instanceof ApiError ? error : null;
  const fieldError = (field: string) => (apiError?.code === "BAD_USER_INPUT" ? apiError.forField(field)?.message : undefined);
  const formLevel = Boolean(error) && !(apiError?.code === "BAD_USER_INPUT" && fields.some((field) => apiError.forField(field)));
  return (
    <form
      className="action card stack"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h3 id={`${id}-title`}>{title}</h3>
      {help && <p className="muted">{help}</p>}
      {formLevel && (
        <p role="alert" className="notice error">
          {actionErrorText(error, t)}
        </p>
      )}
      {children(fieldError)}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t("cases.actions.submitting") : submit}
        </button>
      </div>
    </form>
  );
}

/** A refusal in words: a state conflict (e.g. transferred twice) says what the API said. */
function actionErrorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && error.code === "CONFLICT") return t("cases.actions.stateConflict", { message: error.message });
  return errorText(error, t);
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  help?: string;
  required?: boolean;
  multiline?: boolean;
  type?: "text" | "date";
  min?: string;
  max?: string;
}

export function Field({ label, name, value, onChange, error, help, required, multiline, type = "text", min, max }: FieldProps) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    name,
    value,
    required,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={`${id}-control`}>{label}</label>
      {multiline ? (
        <textarea {...common} id={`${id}-control`} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          id={`${id}-control`}
          type={type}
          min={min}
          max={max}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {help && (
        <span id={`${id}-help`} className="muted hint">
          {help}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
