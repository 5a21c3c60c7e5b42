import { SCALES, type ScaleName } from "@grassroots/demo-district";
import { closeOnSignal, createLogger, databaseLocationFromEnv, startSubgraph } from "@grassroots/platform";
import { delegatesSubgraph, seedDelegates } from "./server";

const logger = createLogger("delegates");
const scale = SCALES[(process.env.SEED_SCALE ?? "demo") as ScaleName] ?? SCALES.demo;
const running = await startSubgraph(delegatesSubgraph, {
  database: databaseLocationFromEnv("delegates"),
  port: Number(process.env.PORT ?? 4003),
  seed: process.env.SEED === "off" ? undefined : seedDelegates(scale),
  logger,
});
logger.info({ url: running.url, database: running.database.description }, "delegates subgraph ready");
closeOnSignal(logger, running.close);
