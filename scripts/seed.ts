// Seeds the demo district into every subgraph's database without serving anything, showing progress.
//   npm run seed                          the demo size (60 blocks, 12,000 households) into .data/
//   npm run seed -- --scale bench         1,500 blocks and 300,000 households
// Databases are chosen as at start-up: DATABASE_URL_<SUBGRAPH>, else PGlite under DATA_DIR (.data).
// Each subgraph is seeded by a process of its own (this script again, with --only <subgraph>), as
// `npm start` seeds each in its own server: the residents' and visits' generation in JavaScript
// would otherwise hold up the one event loop the cases' workflow and the database's answers need.
// Stopping this script (Ctrl-C, SIGTERM) stops the four; one failing stops the others.

import { type ChildProcess, spawn } from "node:child_process";
import type { BaseContext } from "@apollo/server";
import { SCALES, type ScaleName } from "@grassroots/demo-district";
import type { PrismaLike, SubgraphDefinition, SubgraphOptions } from "@grassroots/platform";

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
  const { createLogger, databaseLocationFromEnv, openSubgraphStore } = await import("@grassroots/platform");
  const started = Date.now();
  const store = await openSubgraphStore(definition, {
    database: databaseLocationFromEnv(definition.name),
    seed,
    logger: createLogger(definition.name),
  });
  await store.close();
  console.log(`  ${definition.name}: ${((Date.now() - started) / 1000).toFixed(1)} s (${store.database.description})`);
}

// Each process loads only its own subgraph (a subgraph's modules and Prisma client cost seconds of
// CPU to load, on a machine the other seeds keep busy).
const SEEDS = {
  blocks: async () => {
    const [{ createBlocksSubgraph }, { seedBlocks }] = await Promise.all([
      import("@grassroots/blocks"),
      import("@grassroots/blocks/seed"),
    ]);
    await seedInto(createBlocksSubgraph(), seedBlocks(scale));
  },
  residents: async () => {
    const [{ createResidentsSubgraph }, { seedResidents }] = await Promise.all([
      import("@grassroots/residents"),
      import("@grassroots/residents/seed"),
    ]);
    await seedInto(createResidentsSubgraph(), seedResidents(scale, progress));
  },
  delegates: async () => {
    const [{ createDelegatesSubgraph }, { seedDelegates }, { createDemoDirectory }] = await Promise.all([
      import("@grassroots/delegates"),
      import("@grassroots/delegates/seed"),
      import("@grassroots/demo-district"),
    ]);
    await seedInto(createDelegatesSubgraph({ directory: createDemoDirectory(scale) }), seedDelegates(scale));
  },
  escalations: async () => {
    const [{ createEscalationsSubgraph }, { seedEscalations }, { createDemoDirectory }] = await Promise.all([
      import("@grassroots/escalations"),
      import("@grassroots/escalations/seed"),
      import("@grassroots/demo-district"),
    ]);
    await seedInto(createEscalationsSubgraph({ directory: createDemoDirectory(scale) }), seedEscalations(scale));
  },
};
type SubgraphName = keyof typeof SEEDS;

const children = new Set<ChildProcess>();
const stopChildren = (signal: NodeJS.Signals = "SIGTERM") => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};

/** Runs this script for one subgraph in a child process; rejects when it fails. */
function seedInChild(subgraph: SubgraphName): Promise<void> {
  // A seed allocates its rows' short-lived objects by the gigabyte: with semi-spaces of 128 MB (V8's
  // default is 16 MB; the young generation is a few of them, so a few hundred MB more at most) fewer
  // survive a collection to be copied, and the residents' seed spends a third less CPU in Node
  // (21.7 → 14.5 s at the bench scale).
  const flags = [...process.execArgv, "--max-semi-space-size=128"];
  const child = spawn(process.execPath, [...flags, process.argv[1]!, "--scale", scaleName, "--only", subgraph], {
    stdio: "inherit",
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`seeding ${subgraph} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

const onlyArgument = process.argv.indexOf("--only");
if (onlyArgument > 0) {
  const subgraph = process.argv[onlyArgument + 1] ?? "";
  if (!Object.hasOwn(SEEDS, subgraph)) {
    console.error(`Unknown subgraph "${subgraph}"; use one of: ${Object.keys(SEEDS).join(", ")}`);
    process.exit(2);
  }
  await SEEDS[subgraph as SubgraphName]();
} else {
  console.log(
    `Seeding the ${scaleName} district (${scale.streets * scale.communitiesPerStreet * scale.blocksPerCommunity} blocks).`,
  );
  // Whatever stops this process stops the seeds it started (a terminal's Ctrl-C reaches them anyway).
  process.once("exit", () => stopChildren("SIGKILL"));
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      stopChildren(signal);
      process.exit(code);
    });
  }
  // Four databases, no seed reads another's: they load side by side, so the slowest sets the time, not the sum.
  const started = Date.now();
  const seeding = (Object.keys(SEEDS) as SubgraphName[]).map((subgraph) =>
    seedInChild(subgraph).catch((error: Error) => {
      // One seed failing stops the others: the run has failed, and they would load for minutes more.
      stopChildren();
      throw error;
    }),
  );
  const results = await Promise.allSettled(seeding);
  const failed = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason?.message)] : []));
  if (failed.length > 0) {
    console.error(failed.join("\n"));
    process.exit(1);
  }
  console.log(`  all four: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
