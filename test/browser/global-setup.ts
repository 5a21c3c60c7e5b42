// Builds the web apps once before the browser tests (a couple of seconds; the gateway serves web/dist).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function buildWebApps() {
  const web = fileURLToPath(new URL("../../web", import.meta.url));
  execFileSync("npm", ["run", "--silent", "build"], { cwd: web, stdio: ["ignore", "ignore", "inherit"] });
}
