import { closeOnSignal, createLogger } from "@grassroots/platform";
import { startGateway, subgraphUrlsFromEnv } from "./server";

const logger = createLogger("gateway");
const gateway = await startGateway({ port: Number(process.env.PORT ?? 4000), subgraphUrls: subgraphUrlsFromEnv(), logger });
logger.info({ url: gateway.url }, "gateway ready");
closeOnSignal(logger, gateway.close);
