// `npm run rollups -- rebuild [subgraph…]`: recomputes every per-block roll-up table from the rows
// (the writes keep them current in their own transactions; this repairs them, e.g. after a bulk load
// or a hand edit in SQL). Databases are chosen as at start-up: DATABASE_URL_<SUBGRAPH>, else PGlite
// under DATA_DIR. A PGlite directory has one process: stop `npm start` first.
import type { BaseContext } from "@apollo/server";
import { createBlocksSubgraph } from "@grassroots/blocks";
import { createDelegatesSubgraph } from "@grassroots/delegates";
import { directoryFromEnv } from "@grassroots/directory";
import { createEscalationsSubgraph } from "@grassroots/escalations";
import {
  createLogger,
  databaseLocationFromEnv,
  openSubgraphStore,
  type PrismaLike,
  type SubgraphDefinition,
} from "@grassroots/platform";
import { createResidentsSubgraph } from "@grassroots/residents";

const [command, ...names] = process.argv.slice(2);
if (command !== "rebuild") {
  console.error("Usage: npm run rollups -- rebuild [blocks|residents|delegates|escalations …]");
  process.exit(2);
}

const directory = directoryFromEnv("rollups");
// Each definition has its own client and context types.
const definitions: SubgraphDefinition<any, BaseContext>[] = [
  createBlocksSubgraph(),
  createResidentsSubgraph(),
  createDelegatesSubgraph({ directory }),
  createEscalationsSubgraph({ directory }),
];
const unknown = names.filter((name) => !definitions.some((definition) => definition.name === name));
if (unknown.length) {
  console.error(`Unknown subgraph(s): ${unknown.join(", ")}`);
  process.exit(2);
}

async function rebuild<Client extends PrismaLike>(definition: SubgraphDefinition<Client, BaseContext>) {
  if (!definition.rebuildRollUps) return;
  const started = Date.now();
  const store = await openSubgraphStore(definition, {
    database: databaseLocationFromEnv(definition.name),
    logger: createLogger(definition.name),
  });
  try {
    const written = await definition.rebuildRollUps(store.prisma);
    const tables = Object.entries(written).map(([table, rows]) => `${table} ${rows} rows`);
    console.log(`  ${definition.name}: ${tables.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
}

for (const definition of definitions) {
  if (names.length === 0 || names.includes(definition.name)) await rebuild(definition);
}
