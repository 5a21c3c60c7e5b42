// One figure as the page shows it: formatted, a link to the list behind it when there is one, and
// "—" with the reason when the API answers null (a rate with nothing to divide by).
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber, formatPercent } from "../format";

export type FigureKind = "count" | "rate" | "days";

function formatFigure(value: number, kind: FigureKind): string {
  if (kind === "rate") return formatPercent(value);
  if (kind === "days") return formatNumber(Math.round(value * 10) / 10);
  return formatNumber(value);
}

interface FigureProps {
  /** Which figure: tests and styles read it from data-figure. */
  name: string;
  value: number | null;
  kind?: FigureKind;
  /** Why the figure is null (a key under dashboard.hints). */
  hint?: string;
  to?: string;
  /** Say the hint in words beside the dash (cards) rather than as a tooltip (table cells). */
  showHint?: boolean;
}

export function Figure({ name, value, kind = "count", hint, to, showHint }: FigureProps) {
  const { t } = useTranslation();
  if (value === null) {
    const reason = hint ? t(`dashboard.hints.${hint}`) : "";
    return (
      <span data-figure={name} data-value="">
        <span title={reason}>—</span>
        {reason && <span className={showHint ? "hint muted" : "visually-hidden"}>{reason}</span>}
      </span>
    );
  }
  const text = formatFigure(value, kind);
  return (
    <span data-figure={name} data-value={value}>
      {to ? <Link to={to}>{text}</Link> : text}
    </span>
  );
}

/** A rate coloured by whether its target is met, said in words too (colour alone tells no one using a screen reader). */
export function TargetMark({ met }: { met: boolean }) {
  const { t } = useTranslation();
  return <span className="visually-hidden">({t(met ? "dashboard.target.met" : "dashboard.target.missed")})</span>;
}
