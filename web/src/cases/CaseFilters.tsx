// The list's filters as form controls. Checkboxes and dates change the URL at once; the place
// code, typed a character at a time, on Apply (or Enter).
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client";
import {
  CASE_CATEGORIES,
  CASE_STATUSES,
  type ListFilter,
  paramsFromFilter,
  shanghaiDayOf,
  startOfShanghaiDay,
  TIERS,
} from "./filters";

interface Props {
  filter: ListFilter;
  onChange(next: URLSearchParams): void;
  /** The list's refusal, when it named one of the filter's fields. */
  error: ApiError | null;
}

export function CaseFilters({ filter: fromUrl, onChange, error }: Props) {
  const { t } = useTranslation();
  const id = useId();
  // The controls show a change at once; the URL (a navigation) follows a moment later.
  const [filter, setFilter] = useState(fromUrl);
  const urlKey = paramsFromFilter(fromUrl).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL's text stands for the filter read from it
  useEffect(() => setFilter(fromUrl), [urlKey]);
  const [scope, setScope] = useState(fromUrl.scope ?? "");
  useEffect(() => setScope(fromUrl.scope ?? ""), [fromUrl.scope]);

  const change = (next: Partial<ListFilter>) => {
    const changed = { ...filter, ...next };
    setFilter(changed);
    onChange(paramsFromFilter(changed));
  };
  const fieldError = (field: string) => error?.forField(field)?.message;

  return (
    <form
      className="case-filters"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        change({ scope: scope.trim() || undefined });
      }}
    >
      <h2 id={`${id}-title`}>{t("cases.filters.title")}</h2>
      <div className="row">
        <label>
          {t("cases.filters.scope")}
          <input
            name="scope"
            value={scope}
            inputMode="numeric"
            autoComplete="off"
            aria-describedby={`${id}-scope-help${fieldError("scope") ? ` ${id}-scope-error` : ""}`}
            aria-invalid={fieldError("scope") ? true : undefined}
            onChange={(event) => setScope(event.target.value)}
          />
          <span id={`${id}-scope-help`} className="muted hint">
            {t("cases.filters.scopeHelp")}
          </span>
          {fieldError("scope") && (
            <span id={`${id}-scope-error`} className="field-error">
              {fieldError("scope")}
            </span>
          )}
        </label>
        <button type="submit">{t("cases.filters.apply")}</button>
      </div>
      <div className="filter-groups">
        <CheckboxGroup
          legend={t("cases.filters.status")}
          name="status"
          values={CASE_STATUSES}
          checked={filter.status}
          label={(value) => t(`caseStatus.${value}`)}
          onChange={(status) => change({ status })}
        />
        <CheckboxGroup
          legend={t("cases.filters.tier")}
          name="tier"
          values={TIERS}
          checked={filter.tier}
          label={(value) => t(`tiers.${value}`)}
          onChange={(tier) => change({ tier })}
        />
        <CheckboxGroup
          legend={t("cases.filters.category")}
          name="category"
          values={CASE_CATEGORIES}
          checked={filter.category}
          label={(value) => t(`caseCategory.${value}`)}
          onChange={(category) => change({ category })}
        />
      </div>
      <div className="row">
        <label className="checkbox">
          <input
            type="checkbox"
            name="overdue"
            checked={filter.overdue}
            onChange={(event) => change({ overdue: event.target.checked })}
          />
          {t("cases.filters.overdue")}
        </label>
        <DateFilter
          label={t("cases.filters.raisedFrom")}
          name="raisedFrom"
          value={filter.raisedFrom}
          error={fieldError("raisedFrom")}
          onChange={(raisedFrom) => change({ raisedFrom })}
        />
        <DateFilter
          label={t("cases.filters.raisedBefore")}
          name="raisedBefore"
          value={filter.raisedBefore}
          error={fieldError("raisedBefore")}
          onChange={(raisedBefore) => change({ raisedBefore })}
        />
        <button type="button" className="secondary" onClick={() => onChange(new URLSearchParams())}>
          {t("cases.filters.clear")}
        </button>
      </div>
    </form>
  );
}

function CheckboxGroup<Value extends string>(props: {
  legend: string;
  name: string;
  values: readonly Value[];
  checked: Value[];
  label(value: Value): string;
  onChange(next: Value[]): void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div className="checkboxes">
        {props.values.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              name={props.name}
              value={value}
              checked={props.checked.includes(value)}
              onChange={(event) =>
                props.onChange(
                  // Kept in the API's order, so one filter has one URL.
                  props.values.filter((known) => (known === value ? event.target.checked : props.checked.includes(known))),
                )
              }
            />
            {props.label(value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A day control over an ISO instant: the day starts at midnight in Asia/Shanghai. */
function DateFilter(props: { label: string; name: string; value?: string; error?: string; onChange(next?: string): void }) {
  const errorId = useId();
  return (
    <label>
      {props.label}
      <input
        type="date"
        name={props.name}
        value={shanghaiDayOf(props.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value ? startOfShanghaiDay(event.target.value) : undefined)}
      />
      {props.error && (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      )}
    </label>
  );
}
