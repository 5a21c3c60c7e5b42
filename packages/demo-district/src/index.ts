// The demo district: Changning (长宁区, 310105), generated deterministically at any scale.
// Each subgraph seeds its own part from this one description, so the four databases agree
// without any subgraph reading another's.
import { CASE_CATEGORIES, departmentId, NEED_CATEGORIES, TEAM_ROLES } from "@grassroots/vocabulary";
import { Random } from "./random";

export { Random, seedOf } from "./random";

export interface DemoScale {
  streets: number;
  communitiesPerStreet: number;
  blocksPerCommunity: number;
  householdsPerBlock: number;
  teamSize: number;
  /**
   * Years of history behind today's live cases and visits, generated with set-based SQL (most cases
   * closed, visits spread over the years): what a district's dashboards read after years of use.
   */
  history: { years: number; cases: number; visits: number };
}

export const SCALES = {
  /** What `npm start` seeds: 3 streets, 12 communities, 60 blocks, 12,000 households. */
  demo: {
    streets: 3,
    communitiesPerStreet: 4,
    blocksPerCommunity: 5,
    householdsPerBlock: 200,
    teamSize: 10,
    history: { years: 3, cases: 12_000, visits: 24_000 },
  },
  /** The benchmark size: 1,500 blocks and 300,000 households, with a million cases and visits of history. */
  bench: {
    streets: 10,
    communitiesPerStreet: 15,
    blocksPerCommunity: 10,
    householdsPerBlock: 200,
    teamSize: 10,
    history: { years: 3, cases: 1_000_000, visits: 1_000_000 },
  },
  /** Small enough for tests to recount by brute force, big enough to have every shape. */
  test: {
    streets: 2,
    communitiesPerStreet: 3,
    blocksPerCommunity: 2,
    householdsPerBlock: 6,
    teamSize: 3,
    history: { years: 3, cases: 0, visits: 0 },
  },
} satisfies Record<string, DemoScale>;

export type ScaleName = keyof typeof SCALES;

/** The scales SEED_SCALE may name, for the subgraphs' configuration schemas. */
export const SCALE_NAMES = Object.keys(SCALES) as [ScaleName, ...ScaleName[]];

export const DISTRICT = { code: "310105", name: "Changning District (长宁区)" };

const STREET_NAMES = [
  "Huayang Road",
  "Jiangsu Road",
  "Xinhua Road",
  "Zhoujiaqiao",
  "Tianshan Road",
  "Xianxia Xincun",
  "Hongqiao",
  "Chengjiaqiao",
  "Beixinjing",
  "Xinjing Town",
];
const ROADS = [
  "Yan'an West Road",
  "Changning Road",
  "Tianshan Road",
  "Xianxia Road",
  "Hongqiao Road",
  "Wuyi Road",
  "Dingxi Road",
  "Fahuazhen Road",
  "Gubei Road",
  "Loushanguan Road",
  "Zunyi Road",
];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡", "郭", "何", "沈", "顾"];
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀英",
  "建华",
  "玉兰",
  "志强",
  "海燕",
];

export interface Place {
  code: string;
  name: string;
}
export interface Street extends Place {
  districtCode: string;
}
export interface Community extends Place {
  streetCode: string;
}
export interface Block extends Place {
  communityCode: string;
}
export interface TeamMember {
  id: string;
  blockCode: string;
  name: string;
  role: (typeof TEAM_ROLES)[number];
  workPhone: string;
}
export interface Household {
  id: string;
  blockCode: string;
  address: string;
  size: number;
  needs: (typeof NEED_CATEGORIES)[number][];
  contactPhone: string;
}
export interface Resident {
  id: string;
  householdId: string;
  name: string;
  idNumber: string;
  birthYear: number;
  isHead: boolean;
}

const pad3 = (n: number) => String(n).padStart(3, "0");

/** The tree (district, streets, communities, blocks) of a scale. Cheap even at the benchmark size. */
export function demoTree(scale: DemoScale) {
  const streets: Street[] = [];
  const communities: Community[] = [];
  const blocks: Block[] = [];
  for (let s = 1; s <= scale.streets; s++) {
    const street = {
      code: DISTRICT.code + pad3(s),
      name: `${STREET_NAMES[(s - 1) % STREET_NAMES.length]} Street${s > STREET_NAMES.length ? ` ${s}` : ""}`,
      districtCode: DISTRICT.code,
    };
    streets.push(street);
    for (let c = 1; c <= scale.communitiesPerStreet; c++) {
      const community = {
        code: street.code + pad3(c),
        name: `${ROADS[(s * 7 + c) % ROADS.length]} Community ${c}`,
        streetCode: street.code,
      };
      communities.push(community);
      for (let b = 1; b <= scale.blocksPerCommunity; b++) {
        blocks.push({ code: community.code + pad3(b), name: `Block ${b}`, communityCode: community.code });
      }
    }
  }
  return { district: DISTRICT, streets, communities, blocks };
}

export function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN);
}

export function mobilePhone(random: Random): string {
  return `1${random.pick(["39", "38", "37", "58", "86", "89"])}${random.digits(8)}`;
}

/** An 18-character resident identity number with its GB 11643 check character. */
export function identityNumber(random: Random, birthYear: number): string {
  const month = String(random.int(1, 12)).padStart(2, "0");
  const day = String(random.int(1, 28)).padStart(2, "0");
  const body = `${DISTRICT.code}${birthYear}${month}${day}${random.digits(3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + "10X98765432"[sum % 11];
}

export function teamOfBlock(blockCode: string, scale: DemoScale): TeamMember[] {
  const random = new Random(`team:${blockCode}`);
  return Array.from({ length: scale.teamSize }, (_, i) => ({
    id: random.uuid(),
    blockCode,
    name: personName(random),
    // One cadre and one liaison per team; the rest are group leaders, building leaders and volunteers.
    role: i === 0 ? "COMMUNITY_CADRE" : i === 1 ? "STREET_LIAISON" : random.pick(TEAM_ROLES.slice(2)),
    workPhone: mobilePhone(random),
  }));
}

/** The households of one block, with their residents; the same for the same block and scale. */
export function householdsOfBlock(blockCode: string, scale: DemoScale): { households: Household[]; residents: Resident[] } {
  const random = new Random(`households:${blockCode}`);
  const road = random.pick(ROADS);
  const lane = random.int(1, 1800);
  const households: Household[] = [];
  const residents: Resident[] = [];
  for (let i = 0; i < scale.householdsPerBlock; i++) {
    const size = random.int(1, 5);
    const needs = random.chance(0.06) ? [random.pick(NEED_CATEGORIES)] : [];
    const household: Household = {
      id: random.uuid(),
      blockCode,
      address: `Room ${random.int(1, 6)}0${random.int(1, 4)}, No. ${Math.floor(i / 12) + 1}, Lane ${lane}, ${road}`,
      size,
      needs,
      contactPhone: mobilePhone(random),
    };
    households.push(household);
    for (let r = 0; r < size; r++) {
      const birthYear = random.int(1935, 2020);
      residents.push({
        id: random.uuid(),
        householdId: household.id,
        name: personName(random),
        idNumber: identityNumber(random, birthYear),
        birthYear,
        isHead: r === 0,
      });
    }
  }
  return { households, residents };
}

const CASE_CHANNELS = ["HOME_VISIT", "RECEPTION", "ONLINE", "HOTLINE", "BLOCK_TEAM"] as const;
const DESCRIPTIONS: Record<(typeof CASE_CATEGORIES)[number], string> = {
  HOUSING: "Water seeps through the roof of the top-floor flat whenever it rains.",
  WATER_SUPPLY: "Low water pressure on the upper floors since the pump was replaced.",
  ROADS_TRAFFIC: "A broken kerb at the lane entrance; elderly residents have tripped.",
  SANITATION: "Rubbish collection point overflows at weekends and smells.",
  CIVIL_AFFAIRS: "Asks how to apply for the minimum living allowance after losing work.",
  ELDERLY_CARE: "An elderly resident living alone needs meal delivery and a weekly check.",
  EMPLOYMENT: "A laid-off resident asks for referral to skills training.",
  PUBLIC_SECURITY: "The lane's street light is out and residents feel unsafe at night.",
  NEIGHBOUR_DISPUTE: "Dispute with the upstairs neighbour over noise late at night.",
  OTHER: "Suggests a bench in the courtyard for residents waiting for the shuttle bus.",
};

/** Two cases per block, raised by its households; the seed walks them through the workflow. */
export function casesOfBlock(blockCode: string, scale: DemoScale) {
  const random = new Random(`cases:${blockCode}`);
  const { households } = householdsOfBlock(blockCode, scale);
  return Array.from({ length: 2 }, () => {
    const category = random.pick(CASE_CATEGORIES);
    return {
      id: random.uuid(),
      householdId: random.pick(households).id,
      blockCode,
      channel: random.pick(CASE_CHANNELS),
      category,
      description: DESCRIPTIONS[category],
    };
  });
}

/** The delegate room of a community: its id is derived from the community code, so every subgraph agrees. */
export function roomIdOf(communityCode: string): string {
  return new Random(`room:${communityCode}`).uuid();
}

/** The partner organisation the demo users' partner account belongs to. */
export const DEMO_PARTNER_ID = new Random("partner:demo").uuid();

const FIRST_STREET = `${DISTRICT.code}001`;
const FIRST_COMMUNITY = `${FIRST_STREET}001`;
const FIRST_BLOCK = `${FIRST_COMMUNITY}001`;

/**
 * One account of every role in the demo district, for `npm run token -- --user <sub>`. Identities
 * live in the identity provider in production; here they are just the claims their tokens carry.
 */
export const DEMO_USERS = [
  { sub: "demo-admin", role: "admin", does: "everything, everywhere" },
  {
    sub: "demo-district-analyst",
    role: "district_analyst",
    scope: DISTRICT.code,
    does: "reads the district's places, aggregates and cases; personal data masked",
  },
  {
    sub: "demo-street-officer",
    role: "street_officer",
    scope: FIRST_STREET,
    does: "serves one street: its places, households (in full) and cases",
  },
  {
    sub: "demo-community-worker",
    role: "community_worker",
    scope: FIRST_COMMUNITY,
    does: "serves one community: its places, households and cases",
  },
  { sub: "demo-block-member", role: "block_member", scope: FIRST_BLOCK, does: "serves one block's households" },
  {
    sub: "demo-department-officer",
    role: "department_officer",
    scope: departmentId(DISTRICT.code, "civil"),
    does: "acts on cases held by the Civil Affairs Bureau; reads the district's places",
  },
  {
    sub: "demo-room-staff",
    role: "room_staff",
    scope: roomIdOf(FIRST_COMMUNITY),
    place: FIRST_COMMUNITY,
    does: "works in one delegate room: reads and serves what its place covers",
  },
  { sub: "demo-partner", role: "partner", scope: DEMO_PARTNER_ID, does: "sees only households its organisation is paired with" },
] as const;
export * from "./directory";
export * from "./partners";
export * from "./visits";
