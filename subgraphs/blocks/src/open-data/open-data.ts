// openData(level, period): the public tables of the district's figures, for anyone, without a token.
// Counts of households and cases per place for a quarter that has ended, small cells suppressed
// across the whole tree (suppression.ts), with the formulas that make every figure.
import { OpenDataSourceUnavailable } from "@grassroots/directory/open-data";
import { type Level, levelOf, parentOf } from "@grassroots/jurisdiction";
import { badUserInput, createLogger } from "@grassroots/platform";
import { GraphQLError } from "graphql";
import { builder } from "../builder";
import type { Context } from "../context";
import { LevelEnum } from "../jurisdiction/jurisdiction";
import { COUNTS, type Count, FORMULAS, type PublishedRow, SUPPRESSION_RULE } from "./figures";
import { lastSettledQuarter, parseQuarter, type Quarter } from "./quarter";
import { SUPPRESSION_THRESHOLD } from "./suppression";

interface OpenDataTable {
  level: Level;
  quarter: Quarter;
  publishedAt: Date;
  rows: PublishedRow[];
}

const Formula = builder.objectRef<{ figure: string; formula: string }>("OpenDataFormula").implement({
  description: "How one figure of the open-data tables is made.",
  fields: (t) => ({ figure: t.exposeString("figure"), formula: t.exposeString("formula") }),
});

const Row = builder.objectRef<PublishedRow>("OpenDataRow").implement({
  description: `One place's published figures for a quarter. ${SUPPRESSION_RULE}`,
  fields: (t) => ({
    code: t.exposeID("code"),
    name: t.exposeString("name"),
    level: t.field({ type: LevelEnum, resolve: (row) => levelOf(row.code) as Level }),
    parentCode: t.id({
      nullable: true,
      description: "The place one level up; null for a district.",
      resolve: (row) => parentOf(row.code),
    }),
    ...Object.fromEntries(
      COUNTS.map((count: Count) => [
        count,
        t.int({ nullable: true, description: `${FORMULAS[count]} Null when suppressed.`, resolve: (row) => row.counts[count] }),
      ]),
    ),
  }),
});

const Table = builder.objectRef<OpenDataTable>("OpenDataTable").implement({
  description: "The published figures of every place of one level for one quarter.",
  fields: (t) => ({
    level: t.field({ type: LevelEnum, resolve: (table) => table.level }),
    period: t.string({ description: "The quarter, e.g. 2026-Q3.", resolve: (table) => table.quarter.label }),
    from: t.field({ type: "Date", description: "Its first day (Asia/Shanghai).", resolve: (table) => table.quarter.from }),
    through: t.field({ type: "Date", description: "Its last day (Asia/Shanghai).", resolve: (table) => table.quarter.lastDay }),
    publishedAt: t.field({
      type: "DateTime",
      description: "When the quarter was first published; it reads the same ever after.",
      resolve: (table) => table.publishedAt,
    }),
    threshold: t.int({ description: "Counts below this are suppressed.", resolve: () => SUPPRESSION_THRESHOLD }),
    suppressionRule: t.string({ resolve: () => SUPPRESSION_RULE }),
    formulas: t.field({
      type: [Formula],
      resolve: () => Object.entries(FORMULAS).map(([figure, formula]) => ({ figure, formula })),
    }),
    rows: t.field({ type: [Row], description: "Every place of the level, in code order.", resolve: (table) => table.rows }),
  }),
});

let logger: ReturnType<typeof createLogger> | undefined;

builder.queryField("openData", (t) =>
  t.field({
    type: Table,
    // Public: the Query type's "signed in" scope does not apply here.
    skipTypeScopes: true,
    description: `Open data, for anyone (no token needed): every place of a level with the households visited and the cases raised in it within a quarter that has settled (ended more than 30 days ago; default: the latest). ${SUPPRESSION_RULE} Also as CSV at /open-data/<level>.csv?period=YYYY-Qn.`,
    args: {
      level: t.arg({ type: LevelEnum, required: true }),
      period: t.arg.string({ description: "A settled quarter, YYYY-Qn (Asia/Shanghai), e.g. 2026-Q3." }),
    },
    resolve: async (_root, { level, period }, context) => {
      const quarter = quarterAsked(period, context);
      if (!context.openData.available) {
        throw new GraphQLError("Open data is not published by this deployment.", { extensions: { code: "NOT_FOUND" } });
      }
      try {
        const { publishedAt, rows } = await context.openData.publication(context.prisma, quarter);
        return { level, quarter, publishedAt, rows: rows.filter((row) => levelOf(row.code) === level) };
      } catch (error) {
        if (!(error instanceof OpenDataSourceUnavailable)) throw error;
        logger ??= createLogger("blocks");
        logger.warn({ err: error }, "open data not published: a source did not answer");
        throw new GraphQLError(
          `Open data cannot be published right now: the ${error.subgraph} subgraph did not give its counts. Try again shortly.`,
          {
            extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: error.subgraph },
          },
        );
      }
    },
  }),
);

function quarterAsked(period: string | null | undefined, context: Context): Quarter {
  if (period == null) return lastSettledQuarter(context.now());
  const parsed = parseQuarter(period.trim(), context.now());
  if ("problem" in parsed) throw badUserInput(parsed.problem, { field: "period" });
  return parsed.quarter;
}
