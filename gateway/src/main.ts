import { authSettingsFromEnv, closeOnSignal, createLogger, createTokenVerifier } from "@grassroots/platform";
import { startGateway, subgraphUrlsFromEnv } from "./server";

const logger = createLogger("gateway");
const { tokens, gatewaySecret } = authSettingsFromEnv();
const gateway = await startGateway({
  auth: { verifyToken: createTokenVerifier(tokens), gatewaySecret },
  port: Number(process.env.PORT ?? 4000),
  subgraphUrls: subgraphUrlsFromEnv(),
  logger,
});
logger.info({ url: gateway.url }, "gateway ready");
closeOnSignal(logger, gateway.close);
