// `npm start`: one terminal, five processes. Starts the four subgraphs (each migrates and, when
// empty, seeds its database), waits until they answer /health, starts the gateway, prints the
// URLs, and on Ctrl-C stops everything. The processes themselves are started by scripts/stack.ts,
// which `npm run bench` shares.
import { gatewayPort, LOCAL_HOST, SUBGRAPHS, subgraphPort } from "@grassroots/services";
import { databasesInUse, Stack } from "./stack";

const stack = new Stack({
  onUnexpectedExit: (name, how) => {
    console.error(`[${name}] stopped unexpectedly (${how}); stopping the rest.`);
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

const started = Date.now();
if (await stack.start()) {
  console.log(`
Grassroots graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s.
  gateway       http://${LOCAL_HOST}:${gatewayPort()}/graphql   <- clients use this
${SUBGRAPHS.map((name) => `  ${name.padEnd(12)}  http://${LOCAL_HOST}:${subgraphPort(name)}/graphql`).join("\n")}
Data: ${databasesInUse()}.
Ctrl-C stops everything.`);
}
