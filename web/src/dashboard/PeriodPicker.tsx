// What the figures count: the months whose cases the case figures cover, and the day coverage is
// read at. Every change goes into the URL, so a link or a reload keeps it.
import { useTranslation } from "react-i18next";
import { todayInShanghai } from "../format";
import { currentMonth, PERIOD_CHOICES, type PeriodChoice, type Selection } from "./period";

const monthOf = (year: number, monthIndex: number) => {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return date.toISOString().slice(0, 7);
};

export function PeriodPicker({ selection, onChange }: { selection: Selection; onChange(next: Selection): void }) {
  const { t } = useTranslation();
  const [year, month] = currentMonth();
  const thisMonth = monthOf(year, month);
  const choose = (period: PeriodChoice) =>
    onChange(
      period === "months"
        ? {
            ...selection,
            period,
            fromMonth: selection.fromMonth ?? monthOf(year, month - 11),
            toMonth: selection.toMonth ?? thisMonth,
          }
        : { ...selection, period, fromMonth: undefined, toMonth: undefined },
    );
  return (
    <fieldset className="period">
      <legend>{t("dashboard.period.legend")}</legend>
      <div className="row">
        <label>
          {t("dashboard.period.label")}
          <select value={selection.period} onChange={(event) => choose(event.target.value as PeriodChoice)} data-testid="period">
            {PERIOD_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`dashboard.period.${choice}`)}
              </option>
            ))}
          </select>
        </label>
        {selection.period === "months" && (
          <>
            <label>
              {t("dashboard.period.from")}
              <input
                type="month"
                value={selection.fromMonth ?? ""}
                max={selection.toMonth ?? thisMonth}
                onChange={(event) => onChange({ ...selection, fromMonth: event.target.value || undefined })}
              />
            </label>
            <label>
              {t("dashboard.period.to")}
              <input
                type="month"
                value={selection.toMonth ?? ""}
                min={selection.fromMonth}
                max={thisMonth}
                onChange={(event) => onChange({ ...selection, toMonth: event.target.value || undefined })}
              />
            </label>
          </>
        )}
        <label>
          {t("dashboard.period.asOf")}
          <input
            type="date"
            value={selection.asOf ?? ""}
            max={todayInShanghai()}
            aria-describedby="as-of-help"
            onChange={(event) => onChange({ ...selection, asOf: event.target.value || undefined })}
          />
        </label>
      </div>
      <p id="as-of-help" className="muted">
        {t("dashboard.period.asOfHelp")}
      </p>
    </fieldset>
  );
}
