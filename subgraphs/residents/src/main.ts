import { SCALES, type ScaleName } from "@grassroots/demo-district";
import { closeOnSignal, createLogger, databaseLocationFromEnv, startSubgraph } from "@grassroots/platform";
import { residentsSubgraph, seedResidents } from "./server";

const logger = createLogger("residents");
const scale = SCALES[(process.env.SEED_SCALE ?? "demo") as ScaleName] ?? SCALES.demo;
const running = await startSubgraph(residentsSubgraph, {
  database: databaseLocationFromEnv("residents"),
  port: Number(process.env.PORT ?? 4002),
  seed: process.env.SEED === "off" ? undefined : seedResidents(scale),
  logger,
});
logger.info({ url: running.url, database: running.database.description }, "residents subgraph ready");
closeOnSignal(logger, running.close);
