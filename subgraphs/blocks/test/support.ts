// One blocks subgraph on a fresh test database, seeded with the demo district at the test scale.
import { demoTree, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { seedBlocks } from "../src/seed";
import { createBlocksSubgraph } from "../src/subgraph";

export const scale = SCALES.test;
export const tree = demoTree(scale);

export const startBlocks = () => startTestSubgraph(createBlocksSubgraph(), seedBlocks(scale));
export type RunningBlocks = Awaited<ReturnType<typeof startBlocks>>;
