// Seeds the demo district into every subgraph's database without serving anything, showing progress.
//   npm run seed                          the demo size (60 blocks, 12,000 households) into .data/
//   npm run seed -- --scale bench         1,500 blocks and 300,000 households
// Databases are chosen as at start-up: DATABASE_URL_<SUBGRAPH>, else PGlite under DATA_DIR (.data).
// Each subgraph is seeded by a process of its own (this script again, with --only <subgraph>), as
// `npm start` seeds each in its own server: the residents' and visits' generation in JavaScript
// would otherwise hold up the one event loop the cases' workflow and the database's answers need.

import { spawn } from "node:child_process";
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

const SEEDS = {
  blocks: () => seedInto(createBlocksSubgraph(), seedBlocks(scale)),
  residents: () => seedInto(createResidentsSubgraph(), seedResidents(scale, progress)),
  delegates: () => seedInto(createDelegatesSubgraph({ directory: createDemoDirectory(scale) }), seedDelegates(scale)),
  escalations: () => seedInto(createEscalationsSubgraph({ directory: createDemoDirectory(scale) }), seedEscalations(scale)),
};
type SubgraphName = keyof typeof SEEDS;

/** Runs this script for one subgraph in a child process; rejects when it fails. */
function seedInChild(subgraph: SubgraphName): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--scale", scaleName, "--only", subgraph], {
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`seeding ${subgraph} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

const onlyArgument = process.argv.indexOf("--only");
if (onlyArgument > 0) {
  const subgraph = process.argv[onlyArgument + 1] as SubgraphName;
  if (!(subgraph in SEEDS)) {
    console.error(`Unknown subgraph "${subgraph}"; use one of: ${Object.keys(SEEDS).join(", ")}`);
    process.exit(2);
  }
  await SEEDS[subgraph]();
} else {
  console.log(
    `Seeding the ${scaleName} district (${scale.streets * scale.communitiesPerStreet * scale.blocksPerCommunity} blocks).`,
  );
  // Four databases, no seed reads another's: they load side by side, so the slowest sets the time, not the sum.
  const started = Date.now();
  const results = await Promise.allSettled((Object.keys(SEEDS) as SubgraphName[]).map(seedInChild));
  const failed = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason?.message)] : []));
  if (failed.length > 0) {
    console.error(failed.join("\n"));
    process.exit(1);
  }
  console.log(`  all four: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
