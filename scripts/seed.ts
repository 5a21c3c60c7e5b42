// Seeds the demo district into every subgraph's database without serving anything, showing progress.
//   npm run seed                          the demo size (60 blocks, 12,000 households) into .data/
//   npm run seed -- --scale bench         1,500 blocks and 300,000 households
// Databases are chosen as at start-up: DATABASE_URL_<SUBGRAPH>, else PGlite under DATA_DIR (.data).

import type { BaseContext } from "@apollo/server";
import { createBlocksSubgraph } from "@grassroots/blocks";
import { seedBlocks } from "@grassroots/blocks/seed";
import { createDelegatesSubgraph } from "@grassroots/delegates";
import { seedDelegates } from "@grassroots/delegates/seed";
import { createDemoDirectory, SCALES, type ScaleName } from "@grassroots/demo-district";
import { createEscalationsSubgraph } from "@grassroots/escalations";
import { seedEscalations } from "@grassroots/escalations/seed";
import {
  createLogger,
  databaseLocationFromEnv,
  openSubgraphStore,
  type PrismaLike,
  type SubgraphDefinition,
  type SubgraphOptions,
} from "@grassroots/platform";
import { createResidentsSubgraph } from "@grassroots/residents";
import { seedResidents } from "@grassroots/residents/seed";

const scaleArgument = process.argv.indexOf("--scale");
const scaleName = (scaleArgument > 0 ? process.argv[scaleArgument + 1] : "demo") as ScaleName;
const scale = SCALES[scaleName];
if (!scale) {
  console.error(`Unknown scale "${scaleName}"; use one of: ${Object.keys(SCALES).join(", ")}`);
  process.exit(2);
}

const progress = (done: number, total: number) =>
  process.stderr.write(
    `\r  households: ${done}/${total} blocks (${Math.round((100 * done) / total)}%)${done === total ? "\n" : ""}`,
  );

async function seedInto<Client extends PrismaLike>(
  definition: Pick<SubgraphDefinition<Client, BaseContext>, "name" | "migrationsDir" | "createPrisma">,
  seed: NonNullable<SubgraphOptions<Client>["seed"]>,
) {
  const started = Date.now();
  const store = await openSubgraphStore(definition, {
    database: databaseLocationFromEnv(definition.name),
    seed,
    logger: createLogger(definition.name),
  });
  await store.close();
  console.log(`  ${definition.name}: ${((Date.now() - started) / 1000).toFixed(1)} s (${store.database.description})`);
}

console.log(
  `Seeding the ${scaleName} district (${scale.streets * scale.communitiesPerStreet * scale.blocksPerCommunity} blocks).`,
);
// Four databases, no seed reads another's: they load side by side (as `npm start` seeds them, one
// process each), so the slowest sets the time, not the sum.
const started = Date.now();
await Promise.all([
  seedInto(createBlocksSubgraph(), seedBlocks(scale)),
  seedInto(createResidentsSubgraph(), seedResidents(scale, progress)),
  seedInto(createDelegatesSubgraph({ directory: createDemoDirectory(scale) }), seedDelegates(scale)),
  seedInto(createEscalationsSubgraph({ directory: createDemoDirectory(scale) }), seedEscalations(scale)),
]);
console.log(`  all four: ${((Date.now() - started) / 1000).toFixed(1)} s`);
