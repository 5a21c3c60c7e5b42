// The working-day calendar as the API shows it: which years are official and which provisional.
import { builder } from "../builder";
import { type CalendarYearRow, calendarYears } from "./years";

export const CalendarYear = builder.objectRef<CalendarYearRow>("CalendarYear").implement({
  description:
    "A year of the working-day calendar that deadlines are counted on: official (the State Council's notice) or provisional (the law's holidays alone, until the notice is imported).",
  fields: (t) => ({
    year: t.exposeInt("year"),
    provisional: t.exposeBoolean("provisional", {
      description: "True until the year's official arrangement is shipped or imported; deadlines across it may still move.",
    }),
    source: t.exposeString("source", { nullable: true, description: "The notice the days come from." }),
    importedAt: t.expose("importedAt", { type: "DateTime", nullable: true }),
    dayCount: t.exposeInt("days", { description: "Days that differ from the Monday–Friday week." }),
  }),
});

builder.queryField("calendarYears", (t) =>
  t.field({
    type: [CalendarYear],
    description: "The years of the working-day calendar the server holds, oldest first.",
    resolve: (_root, _args, context) => calendarYears(context.prisma),
  }),
);
