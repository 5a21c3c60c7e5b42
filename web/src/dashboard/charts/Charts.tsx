// The dashboard's charts, loaded after the table: open cases by tier, cases raised per month (by
// tier or category) and, where there are places below, their visit coverage against the target.

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { execute } from "../../api/client";
import { CASE_CATEGORIES } from "../../api/enums";
import { formatNumber, formatPercent } from "../../format";
import type { CaseTrendDimension } from "../../generated/graphql";
import { ErrorNotice } from "../../layout/ErrorNotice";
import { lastMonths } from "../period";
import { type PlaceFigures, TIERS } from "../place";
import { PlaceTrendQuery } from "../queries";
import { EChart } from "./EChart";
import type { ChartOption } from "./echarts";

const TREND_MONTHS = 12;

function useListFormat() {
  const { i18n } = useTranslation();
  return (items: string[]) => new Intl.ListFormat(i18n.language === "en" ? "en-GB" : "zh-CN").format(items);
}

function OpenByTierChart({ place }: { place: PlaceFigures }) {
  const { t } = useTranslation();
  const list = useListFormat();
  const byTier = place.caseStats.openByTier;
  const rows = useMemo(() => TIERS.map(({ tier, key }) => ({ label: t(`tiers.${tier}`), value: byTier[key] })), [byTier, t]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map((row) => row.label) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: t("dashboard.figures.open"), data: rows.map((row) => row.value), color: "#b91c1c" }],
    }),
    [rows, t],
  );
  return (
    <figure>
      <h3>{t("dashboard.charts.openByTier")}</h3>
      <EChart
        option={option}
        summary={t("dashboard.charts.openByTierSummary", {
          list: list(rows.map((row) => `${row.label} ${formatNumber(row.value)}`)),
        })}
        table={
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{formatNumber(row.value)}</td>
              </tr>
            ))}
          </tbody>
        }
      />
    </figure>
  );
}

type TrendPoint = { month: string; key: string; raised: number };

/** The trend as a grid: every month of the window (empty ones too) by every key that has cases. */
function trendGrid(points: TrendPoint[], by: CaseTrendDimension) {
  const months = lastMonths(TREND_MONTHS);
  const order = by === "TIER" ? TIERS.map(({ tier }) => tier as string) : CASE_CATEGORIES;
  const keys = order.filter((key) => points.some((point) => point.key === key));
  const raised = (month: string, key: string) => points.find((point) => point.month === month && point.key === key)?.raised ?? 0;
  const rows = months.map((month) => ({ month: month.slice(0, 7), values: keys.map((key) => raised(month, key)) }));
  const totals = rows.map((row) => row.values.reduce((sum, value) => sum + value, 0));
  return { keys, rows, totals };
}

function TrendChart({ code }: { code: string }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<CaseTrendDimension>("TIER");
  const trend = useQuery({
    queryKey: ["dashboard", "trend", code, by],
    queryFn: async ({ signal }) => {
      const data = await execute(PlaceTrendQuery, { code, months: TREND_MONTHS, by }, { signal });
      return data.jurisdiction && "caseTrend" in data.jurisdiction ? data.jurisdiction.caseTrend : [];
    },
  });
  const points = trend.data;
  const grid = useMemo(() => trendGrid(points ?? [], by), [points, by]);
  const label = (key: string) => t(by === "TIER" ? `tiers.${key}` : `caseCategory.${key}`);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 48, bottom: 32 },
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      xAxis: { type: "category", data: grid.rows.map((row) => row.month) },
      yAxis: { type: "value", minInterval: 1 },
      series: grid.keys.map((key, index) => ({
        type: "bar",
        stack: "raised",
        name: t(by === "TIER" ? `tiers.${key}` : `caseCategory.${key}`),
        data: grid.rows.map((row) => row.values[index]!),
      })),
    }),
    [grid, by, t],
  );
  const total = grid.totals.reduce((sum, value) => sum + value, 0);
  const busiest = grid.totals.indexOf(Math.max(...grid.totals));
  return (
    <figure>
      <div className="toolbar">
        <h3>{t("dashboard.charts.trend")}</h3>
        <label className="inline">
          {t("dashboard.charts.trendBy")}
          <select value={by} onChange={(event) => setBy(event.target.value as CaseTrendDimension)}>
            <option value="TIER">{t("dashboard.charts.byTier")}</option>
            <option value="CATEGORY">{t("dashboard.charts.byCategory")}</option>
          </select>
        </label>
      </div>
      {trend.error ? (
        <ErrorNotice error={trend.error} onRetry={() => void trend.refetch()} />
      ) : trend.isPending ? (
        <p role="status">{t("loading")}</p>
      ) : (
        <EChart
          option={option}
          summary={
            total === 0
              ? t("dashboard.charts.trendEmpty")
              : t("dashboard.charts.trendSummary", {
                  total: formatNumber(total),
                  month: grid.rows[busiest]!.month,
                  count: formatNumber(grid.totals[busiest]),
                })
          }
          table={
            <>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.charts.month")}</th>
                  {grid.keys.map((key) => (
                    <th key={key} scope="col">
                      {label(key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.rows.map((row) => (
                  <tr key={row.month}>
                    <th scope="row">{row.month}</th>
                    {row.values.map((value, index) => (
                      <td key={grid.keys[index]}>{formatNumber(value)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </>
          }
        />
      )}
    </figure>
  );
}

/** A rate as a percentage with one decimal, for the chart's axis. */
const percent = (rate: number) => Math.round(rate * 1000) / 10;

function CoverageChart({ places }: { places: PlaceFigures[] }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 48, bottom: 64 },
      tooltip: { trigger: "axis", valueFormatter: (value) => `${value}%` },
      legend: { top: 0 },
      xAxis: { type: "category", data: places.map((place) => place.name), axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        {
          type: "bar",
          name: t("dashboard.charts.rate"),
          data: places.map((place) => ({
            value: percent(place.visitCoverage.rate),
            itemStyle: { color: place.visitCoverage.targetMet ? "#116329" : "#a40e26" },
          })),
        },
        {
          type: "line",
          name: t("dashboard.charts.target"),
          data: places.map((place) => percent(place.visitCoverage.target)),
          color: "#1f2328",
          lineStyle: { type: "dashed" },
          symbol: "none",
        },
      ],
    }),
    [places, t],
  );
  const missed = places.filter((place) => !place.visitCoverage.targetMet);
  const lowest = places.reduce((low, place) => (place.visitCoverage.rate < low.visitCoverage.rate ? place : low));
  return (
    <figure>
      <h3>{t("dashboard.charts.coverage")}</h3>
      <EChart
        option={option}
        summary={t("dashboard.charts.coverageSummary", {
          met: places.length - missed.length,
          missed: missed.length,
          lowest: lowest.name,
          rate: formatPercent(lowest.visitCoverage.rate),
        })}
        table={
          <>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.figures.name")}</th>
                <th scope="col">{t("dashboard.charts.rate")}</th>
                <th scope="col">{t("dashboard.charts.target")}</th>
              </tr>
            </thead>
            <tbody>
              {places.map((place) => (
                <tr key={place.code}>
                  <th scope="row">{place.name}</th>
                  <td>{formatPercent(place.visitCoverage.rate)}</td>
                  <td>{formatPercent(place.visitCoverage.target)}</td>
                </tr>
              ))}
            </tbody>
          </>
        }
      />
    </figure>
  );
}

export default function Charts({ place, below }: { place: PlaceFigures; below: PlaceFigures[] | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="charts-title" className="charts">
      <h2 id="charts-title">{t("dashboard.charts.title")}</h2>
      <div className="chart-grid">
        <OpenByTierChart place={place} />
        <TrendChart code={place.code} />
        {below && below.length > 0 && <CoverageChart places={below} />}
      </div>
    </section>
  );
}
