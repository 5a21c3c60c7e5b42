// `npm start`: one terminal, five processes. Starts the four subgraphs (each migrates and, when
// asked, seeds its database), waits until they are ready, starts the gateway, prints the URLs; a
// process that crashes later is started again with back-off while the others keep serving; Ctrl-C
// (or SIGTERM) stops everything gracefully. `npm run start:prod` runs the same from the built output
// (scripts/dist/start.js, `npm run build`) with plain node. The processes themselves are started by
// scripts/stack.ts, which `npm run bench` shares.
import { gatewayPort, reachableHost, SUBGRAPHS, subgraphPort } from "@grassroots/services";
import { databasesInUse, RESTART_WITH_BACKOFF, Stack } from "./stack";

// Run as scripts/dist/start.js (the build), start the built processes; as start.ts (tsx), the sources.
const built = process.argv[1]?.endsWith(".js") ?? false;

const stack = new Stack({
  built,
  restart: RESTART_WITH_BACKOFF,
  onUnexpectedExit: (name, how) => {
    console.error(`[${name}] stopped (${how}); stopping the rest.`);
    void stopAll(1);
  },
});

async function stopAll(exitCode: number) {
  if (stack.stopped) return;
  await stack.stop();
  process.exit(exitCode);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));
process.on("SIGHUP", () => void stopAll(0));

const started = Date.now();
const host = reachableHost();
if (await stack.start()) {
  console.log(`
Grassroots graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s${built ? " (built output, plain node)" : ""}.
  gateway       http://${host}:${gatewayPort()}/graphql   <- clients use this
${SUBGRAPHS.map((name) => `  ${name.padEnd(12)}  http://${host}:${subgraphPort(name)}/graphql`).join("\n")}
Data: ${databasesInUse()}.
A process that stops is started again. Ctrl-C stops everything.`);
}
