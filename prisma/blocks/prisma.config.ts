import { cliConfig } from "../cli-config";

export default cliConfig("blocks");
