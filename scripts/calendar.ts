// The working-day calendar in the escalations database (the database chosen as at start-up:
// DATABASE_URL_ESCALATIONS, else PGlite under DATA_DIR).
//   npm run calendar -- import <file>    imports a State Council notice as data (format: packages/calendar/data/2026.json)
//   npm run calendar -- list             shows each year: official or provisional, and where it comes from
//   npm run calendar -- ensure           writes the years deadlines need now (the server does this at start-up)
import { readFileSync } from "node:fs";
import {
  calendarHealth,
  calendarYears,
  ensureCalendarYears,
  escalationsDatabase,
  importArrangement,
} from "@grassroots/escalations";
import { createLogger, databaseLocationFromEnv, openSubgraphStore } from "@grassroots/platform";

const [command, file] = process.argv.slice(2);
if (!(command === "import" && file) && command !== "list" && command !== "ensure") {
  console.error("usage: npm run calendar -- import <file> | list | ensure");
  process.exit(2);
}
let arrangement: unknown;
if (command === "import") {
  try {
    arrangement = JSON.parse(readFileSync(file!, "utf8"));
  } catch (error) {
    console.error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
    process.exit(1);
  }
}

const logger = createLogger("calendar");
const store = await openSubgraphStore(escalationsDatabase, { database: databaseLocationFromEnv("escalations"), logger });
try {
  if (command === "import") {
    const year = await importArrangement(store.prisma, arrangement);
    console.log(`Imported ${year.year} (${year.source}): ${year.days} days. Deadlines computed from now on use it.`);
  }
  if (command === "ensure") {
    const written = await ensureCalendarYears(store.prisma, new Date());
    console.log(written.length ? `Wrote ${written.join(", ")}.` : "Every year needed is in place.");
  }
  for (const year of await calendarYears(store.prisma)) {
    console.log(`${year.year}  ${year.provisional ? "provisional" : "official   "}  ${year.days} days  ${year.source ?? ""}`);
  }
  const { calendar } = await calendarHealth(store.prisma, new Date());
  if (calendar !== "ok") console.warn(calendar);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await store.close();
}
