import { SCALES, type ScaleName } from "@grassroots/demo-district";
import { closeOnSignal, createLogger, databaseLocationFromEnv, startSubgraph } from "@grassroots/platform";
import { blocksSubgraph, seedBlocks } from "./server";

const logger = createLogger("blocks");
const scale = SCALES[(process.env.SEED_SCALE ?? "demo") as ScaleName] ?? SCALES.demo;
const running = await startSubgraph(blocksSubgraph, {
  database: databaseLocationFromEnv("blocks"),
  port: Number(process.env.PORT ?? 4001),
  seed: process.env.SEED === "off" ? undefined : seedBlocks(scale),
  logger,
});
logger.info({ url: running.url, database: running.database.description }, "blocks subgraph ready");
closeOnSignal(logger, running.close);
