// Importing the State Council's yearly arrangement (放假安排): data, not a release.
import { builder } from "../builder";
import { CalendarYear } from "./calendar";
import { importArrangement } from "./years";

const CalendarDayInput = builder.inputType("CalendarDayInput", {
  fields: (t) => ({
    day: t.string({ required: true, description: "YYYY-MM-DD" }),
    working: t.boolean({ required: true }),
    name: t.string({ required: true }),
  }),
});

const OfficialArrangementInput = builder.inputType("OfficialArrangementInput", {
  description: "A notice as in packages/calendar/data/<year>.json: the file's content is the value.",
  fields: (t) => ({
    year: t.int({ required: true }),
    source: t.string({ required: true, description: "The notice's title." }),
    days: t.field({ type: [CalendarDayInput], required: true }),
  }),
});

builder.mutationField("importCalendar", (t) =>
  t.field({
    type: CalendarYear,
    authScopes: { admin: true },
    description:
      "Imports a year's official arrangement, replacing the provisional (or earlier official) days. Deadlines computed from now on use it; existing deadlines stay as computed. Administrators only.",
    args: { arrangement: t.arg({ type: OfficialArrangementInput, required: true }) },
    resolve: (_root, { arrangement }, context) => importArrangement(context.prisma, arrangement),
  }),
);
