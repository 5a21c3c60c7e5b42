import { directoryFromEnv } from "@grassroots/directory";
import { authSettingsFromEnv, closeOnSignal, createLogger, createTokenVerifier } from "@grassroots/platform";
import { gatewayPort, subgraphUrls } from "@grassroots/services";
import { startGateway } from "./server";

const logger = createLogger("gateway");
const { tokens, gatewaySecret } = authSettingsFromEnv();
const gateway = await startGateway({
  auth: { verifyToken: createTokenVerifier(tokens), gatewaySecret },
  port: gatewayPort(),
  subgraphUrls: subgraphUrls(),
  rooms: directoryFromEnv("gateway"),
  logger,
});
logger.info({ url: gateway.url }, "gateway ready");
closeOnSignal(logger, gateway.close);
