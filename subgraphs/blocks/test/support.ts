// One blocks subgraph on a fresh test database, seeded with the demo district at the test scale.
import { demoTree, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { seedBlocks } from "../src/seed";
import { createBlocksSubgraph } from "../src/subgraph";

export const scale = SCALES.test;
export const tree = demoTree(scale);

export const startBlocks = () => startTestSubgraph(createBlocksSubgraph(), seedBlocks(scale));
export type RunningBlocks = Awaited<ReturnType<typeof startBlocks>>;

/** A second district beside the demo one, so that "hidden" can name places and a department that exist. */
export const OTHER = {
  district: "310106",
  street: "310106001",
  community: "310106001001",
  block: "310106001001001",
  department: "310106-civil",
} as const;

export async function addOtherDistrict(subgraph: RunningBlocks) {
  const prisma = subgraph.prisma;
  await prisma.district.create({ data: { code: OTHER.district, name: "Other District" } });
  await prisma.street.create({ data: { code: OTHER.street, name: "Other Street", districtCode: OTHER.district } });
  await prisma.community.create({ data: { code: OTHER.community, name: "Other Community", streetCode: OTHER.street } });
  await prisma.block.create({ data: { code: OTHER.block, name: "Other Block", communityCode: OTHER.community } });
  await prisma.department.create({ data: { id: OTHER.department, name: "Other Civil Affairs", districtCode: OTHER.district } });
  await prisma.departmentCategory.create({
    data: { districtCode: OTHER.district, category: "CIVIL_AFFAIRS", departmentId: OTHER.department },
  });
}
