// One chart: drawn by ECharts into a box that says what it shows in words (role img, aria-label),
// with its numbers as a table for those who cannot see it.
import type { ECharts } from "echarts/core";
import { type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { type ChartOption, init } from "./echarts";

interface EChartProps {
  option: ChartOption;
  /** The chart's gist in a sentence. */
  summary: string;
  /** The chart's numbers as a table, read by screen readers instead of the drawing. */
  table: ReactNode;
}

export function EChart({ option, summary, table }: EChartProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, undefined, { renderer: "svg" });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <>
      <div ref={box} className="chart" role="img" aria-label={summary} />
      <table className="visually-hidden">
        <caption>{t("dashboard.charts.dataTable")}</caption>
        {table}
      </table>
    </>
  );
}
