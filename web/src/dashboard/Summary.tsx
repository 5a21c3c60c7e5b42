// The place's own figures as cards, each leading to the list behind it.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber, formatPercent } from "../format";
import type { PeriodInput } from "../generated/graphql";
import { Figure, TargetMark } from "./Figure";
import { caseLinks, visitsUrl } from "./links";
import { type PlaceFigures, TIERS } from "./place";

function Card({
  label,
  className,
  children,
  detail,
}: {
  label: string;
  className?: string;
  children: ReactNode;
  detail?: ReactNode;
}) {
  return (
    <li className={`card ${className ?? ""}`}>
      <span className="label">{label}</span>
      <span className="figure">{children}</span>
      {detail && <span className="detail muted">{detail}</span>}
    </li>
  );
}

export function Summary({ place, period }: { place: PlaceFigures; period: PeriodInput | undefined }) {
  const { t } = useTranslation();
  const { code, visitCoverage: visits, pairingCoverage: pairing, caseStats: cases } = place;
  const links = caseLinks(code, period);
  return (
    <ul className="cards summary" data-testid="summary">
      <Card label={t("dashboard.figures.householdCount")}>
        <Figure name="householdCount" value={place.householdCount} />
      </Card>
      <Card
        label={t("dashboard.figures.visitCoverage")}
        className={visits.targetMet ? "meet" : "miss"}
        detail={t("dashboard.figures.visitCoverageDetail", {
          visited: formatNumber(visits.visitedHouseholds),
          households: formatNumber(visits.households),
          target: formatPercent(visits.target),
        })}
      >
        <Figure name="visitCoverage" value={visits.rate} kind="rate" to={visitsUrl(code)} />
        <TargetMark met={visits.targetMet} />
      </Card>
      <Card
        label={t("dashboard.figures.pairingCoverage")}
        detail={t("dashboard.figures.pairingCoverageDetail", {
          paired: formatNumber(pairing.pairedHouseholds),
          inNeed: formatNumber(pairing.householdsInNeed),
        })}
      >
        <Figure name="pairingCoverage" value={pairing.rate} kind="rate" hint="pairingCoverage" showHint />
      </Card>
      <Card label={t("dashboard.figures.raised")}>
        <Figure name="raised" value={cases.raised} to={links.raised} />
      </Card>
      <Card
        label={t("dashboard.figures.open")}
        detail={
          <span className="by-tier">
            {TIERS.map(({ tier, key }) => (
              <span key={tier}>
                {t(`tiers.${tier}`)}{" "}
                <Link to={links.openAt(tier)} data-figure={`openAt.${key}`}>
                  {formatNumber(cases.openByTier[key])}
                </Link>
              </span>
            ))}
          </span>
        }
      >
        <Figure name="open" value={cases.open} to={links.open} />
      </Card>
      <Card
        label={t("dashboard.figures.overdue")}
        className={cases.overdue > 0 ? "miss" : undefined}
        detail={
          <>
            {t("dashboard.figures.overdueRate")}{" "}
            <Figure
              name="overdueRate"
              value={cases.overdueRate ?? null}
              kind="rate"
              hint="overdueRate"
              to={links.overdue}
              showHint
            />
          </>
        }
      >
        <Figure name="overdue" value={cases.overdue} to={links.overdue} />
      </Card>
      <Card label={t("dashboard.figures.responseRate")}>
        <Figure
          name="responseRate"
          value={cases.responseRate ?? null}
          kind="rate"
          hint="responseRate"
          to={links.raised}
          showHint
        />
      </Card>
      <Card label={t("dashboard.figures.resolutionRate")}>
        <Figure
          name="resolutionRate"
          value={cases.resolutionRate ?? null}
          kind="rate"
          hint="resolutionRate"
          to={links.resolved}
          showHint
        />
      </Card>
      <Card
        label={t("dashboard.figures.satisfactionRate")}
        detail={t("dashboard.figures.revisitsDetail", { n: formatNumber(cases.revisits) })}
      >
        <Figure
          name="satisfactionRate"
          value={cases.satisfactionRate ?? null}
          kind="rate"
          hint="satisfactionRate"
          to={links.closed}
          showHint
        />
      </Card>
      <Card
        label={t("dashboard.figures.meanWorkingDaysToClose")}
        detail={t("dashboard.figures.closedDetail", { n: formatNumber(cases.closed) })}
      >
        <Figure
          name="meanWorkingDaysToClose"
          value={cases.meanWorkingDaysToClose ?? null}
          kind="days"
          hint="meanWorkingDaysToClose"
          to={links.closed}
          showHint
        />
      </Card>
    </ul>
  );
}
