import { SCALES, type ScaleName } from "@grassroots/demo-district";
import { closeOnSignal, createLogger, databaseLocationFromEnv, startSubgraph } from "@grassroots/platform";
import { escalationsSubgraph, seedEscalations } from "./server";

const logger = createLogger("escalations");
const scale = SCALES[(process.env.SEED_SCALE ?? "demo") as ScaleName] ?? SCALES.demo;
const running = await startSubgraph(escalationsSubgraph, {
  database: databaseLocationFromEnv("escalations"),
  port: Number(process.env.PORT ?? 4004),
  seed: process.env.SEED === "off" ? undefined : seedEscalations(scale),
  logger,
});
logger.info({ url: running.url, database: running.database.description }, "escalations subgraph ready");
closeOnSignal(logger, running.close);
