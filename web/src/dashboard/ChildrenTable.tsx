// The places below as a table: one row per place with its figures, its name the way down.
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { PeriodInput } from "../generated/graphql";
import { Figure, TargetMark } from "./Figure";
import { caseLinks, placeUrl, visitsUrl } from "./links";
import { type PlaceFigures, TIERS } from "./place";

interface ChildrenTableProps {
  parent: PlaceFigures;
  places: PlaceFigures[];
  period: PeriodInput | undefined;
}

export function ChildrenTable({ parent, places, period }: ChildrenTableProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  if (places.length === 0) return <p>{t("dashboard.noChildren")}</p>;
  const heading = (key: string) => (
    <th scope="col" className="number">
      {t(`dashboard.figures.${key}`)}
    </th>
  );
  return (
    <>
      <div className="table-wrap">
        <table className="places" data-testid="children">
          <caption className="visually-hidden">{t("dashboard.childrenCaption", { place: parent.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.figures.name")}</th>
              {heading("householdCount")}
              {heading("visitCoverage")}
              {heading("pairingCoverage")}
              {heading("raised")}
              {heading("open")}
              {TIERS.map(({ tier }) => (
                <th key={tier} scope="col" className="number">
                  {t("dashboard.figures.openAt", { tier: t(`tiers.${tier}`) })}
                </th>
              ))}
              {heading("overdue")}
              {heading("overdueRate")}
              {heading("responseRate")}
              {heading("resolutionRate")}
              {heading("satisfactionRate")}
              {heading("meanWorkingDaysToClose")}
            </tr>
          </thead>
          <tbody>
            {places.map((place) => {
              const { code, caseStats: cases, visitCoverage: visits } = place;
              const links = caseLinks(code, period);
              return (
                <tr key={code} data-code={code}>
                  <th scope="row">
                    <Link to={placeUrl(code, search)}>{place.name}</Link>
                  </th>
                  <td className="number">
                    <Figure name="householdCount" value={place.householdCount} />
                  </td>
                  <td className={`number ${visits.targetMet ? "meet" : "miss"}`}>
                    <Figure name="visitCoverage" value={visits.rate} kind="rate" to={visitsUrl(code)} />
                    <TargetMark met={visits.targetMet} />
                  </td>
                  <td className="number">
                    <Figure
                      name="pairingCoverage"
                      value={place.pairingCoverage.rate ?? null}
                      kind="rate"
                      hint="pairingCoverage"
                    />
                  </td>
                  <td className="number">
                    <Figure name="raised" value={cases.raised} to={links.raised} />
                  </td>
                  <td className="number">
                    <Figure name="open" value={cases.open} to={links.open} />
                  </td>
                  {TIERS.map(({ tier, key }) => (
                    <td key={tier} className="number">
                      <Figure name={`openAt.${key}`} value={cases.openByTier[key]} to={links.openAt(tier)} />
                    </td>
                  ))}
                  <td className="number">
                    <Figure name="overdue" value={cases.overdue} to={links.overdue} />
                  </td>
                  <td className="number">
                    <Figure
                      name="overdueRate"
                      value={cases.overdueRate ?? null}
                      kind="rate"
                      hint="overdueRate"
                      to={links.overdue}
                    />
                  </td>
                  <td className="number">
                    <Figure
                      name="responseRate"
                      value={cases.responseRate ?? null}
                      kind="rate"
                      hint="responseRate"
                      to={links.raised}
                    />
                  </td>
                  <td className="number">
                    <Figure
                      name="resolutionRate"
                      value={cases.resolutionRate ?? null}
                      kind="rate"
                      hint="resolutionRate"
                      to={links.resolved}
                    />
                  </td>
                  <td className="number">
                    <Figure
                      name="satisfactionRate"
                      value={cases.satisfactionRate ?? null}
                      kind="rate"
                      hint="satisfactionRate"
                      to={links.closed}
                    />
                  </td>
                  <td className="number">
                    <Figure
                      name="meanWorkingDaysToClose"
                      value={cases.meanWorkingDaysToClose ?? null}
                      kind="days"
                      hint="meanWorkingDaysToClose"
                      to={links.closed}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted legend">{t("dashboard.nullLegend")}</p>
    </>
  );
}
