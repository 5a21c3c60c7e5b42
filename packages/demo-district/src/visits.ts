// The demo district's delegate rooms (people, hours, contacts) and their visit diary (民情日记).
// Everything derives from the community or block code, so it is the same on every machine; visit
// times are relative to `asOf` (the seeding time), so coverage over "the last 12 months" stays alive.
// Only functions at the top level: index.ts re-exports this module and is evaluated after it.

import {
  CONGRESSES,
  type DELEGATE_LEVELS,
  type ROOM_STAFF_ROLES,
  VISIT_CATEGORIES,
  VISIT_CHANNELS,
} from "@grassroots/vocabulary";
import { DEMO_USERS, type DemoScale, householdsOfBlock, mobilePhone, personName, roomIdOf } from "./index";
import { Random } from "./random";

export interface DemoDelegate {
  id: string;
  roomId: string;
  name: string;
  congress: (typeof CONGRESSES)[number];
  level: (typeof DELEGATE_LEVELS)[number];
}
export interface DemoRoomStaff {
  id: string;
  roomId: string;
  name: string;
  role: (typeof ROOM_STAFF_ROLES)[number];
  accountSubject: string | null;
}
export interface DemoOpeningSlot {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  opensMinute: number;
  closesMinute: number;
}
export interface DemoRoomDetails {
  id: string;
  onlineRoomUrl: string;
  hotline: string;
  openingSlots: DemoOpeningSlot[];
  delegates: DemoDelegate[];
  staff: DemoRoomStaff[];
}
export interface DemoVisit {
  id: string;
  channel: (typeof VISIT_CHANNELS)[number];
  roomId: string | null;
  householdId: string | null;
  placeCode: string;
  walkInName: string | null;
  walkInPhone: string | null;
  loggedBy: string;
  category: (typeof VISIT_CATEGORIES)[number];
  summary: string;
  followUpNeeded: boolean;
  occurredAt: Date;
  recordedAt: Date;
  delegateIds: string[];
}

const SUMMARIES: Record<(typeof VISIT_CATEGORIES)[number], readonly string[]> = {
  LIVING_DIFFICULTY: [
    "Elderly resident living alone asks for help with meal delivery.",
    "Water seeps through the ceiling after rain; the family cannot pay for the repair.",
    "Asks how to apply for the minimum living allowance after a hospital stay.",
  ],
  DEVELOPMENT_DIFFICULTY: [
    "Son out of work since spring; asks about vocational training.",
    "Wants to open a small repair stall and asks which permits are needed.",
  ],
  NEIGHBOUR_DISPUTE: [
    "Noise from the flat above late at night; asks for mediation.",
    "Disagreement over bicycles parked in the shared corridor.",
  ],
  OPINION_OR_SUGGESTION: [
    "Suggests benches along the lane for older residents.",
    "Asks for the lane's street lights to stay on later in winter.",
  ],
  PETITION: ["Disputes the compensation offered for the lane's renovation."],
  OTHER: ["Routine visit; the household is well, nothing to follow up.", "Delivered the community's notice on flu vaccination."],
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A room's delegates, staff, hours and contacts, derived from the community it serves. */
export function roomDetailsOf(communityCode: string): DemoRoomDetails {
  const roomId = roomIdOf(communityCode);
  const random = new Random(`room-details:${communityCode}`);
  const delegates = Array.from({ length: random.int(6, 10) }, (): DemoDelegate => {
    const roll = random.next();
    return {
      id: random.uuid(),
      roomId,
      name: personName(random),
      congress: random.pick(CONGRESSES),
      // Mostly district deputies, some city, a few higher: the mix of a city district's rooms.
      level: roll < 0.05 ? "TOWNSHIP" : roll < 0.65 ? "DISTRICT" : roll < 0.9 ? "CITY" : roll < 0.98 ? "PROVINCE" : "NATIONAL",
    };
  });
  // The demo room-staff account works in the first community's room; other rooms' accounts are
  // named after their community.
  const demoStaff = DEMO_USERS.find((user) => user.role === "room_staff");
  const roles: DemoRoomStaff["role"][] = [
    "LIAISON",
    "STAFF",
    ...Array.from({ length: random.int(2, 4) }, () => "VOLUNTEER" as const),
  ];
  const staff = roles.map(
    (role, i): DemoRoomStaff => ({
      id: random.uuid(),
      roomId,
      name: personName(random),
      role,
      accountSubject:
        role === "VOLUNTEER"
          ? null
          : demoStaff?.place === communityCode && i === 0
            ? demoStaff.sub
            : `room-staff-${communityCode}-${i}`,
    }),
  );
  // Open once a week on a weekday evening or a weekend morning (Dongguan's rooms); some rooms twice.
  const openingSlots: DemoOpeningSlot[] = [
    random.chance(0.6)
      ? { weekday: random.int(1, 5), opensMinute: 19 * 60, closesMinute: 21 * 60 }
      : { weekday: random.int(6, 7), opensMinute: 9 * 60, closesMinute: 11 * 60 + 30 },
  ];
  if (random.chance(0.3)) openingSlots.push({ weekday: 6, opensMinute: 14 * 60, closesMinute: 16 * 60 + 30 });
  return {
    id: roomId,
    onlineRoomUrl: `https://delegates.changning.example/rooms/${roomId}`,
    hotline: `021-6${random.digits(7)}`,
    openingSlots: openingSlots.sort((a, b) => a.weekday - b.weekday || a.opensMinute - b.opensMinute),
    delegates,
    staff,
  };
}

function category(random: Random): DemoVisit["category"] {
  // Most home visits find nothing that must be recorded; the rest spread over the five kinds.
  return random.chance(0.45) ? "OTHER" : random.pick(VISIT_CATEGORIES.slice(0, 5));
}

function visitTimes(random: Random, asOf: Date, daysAgo: number) {
  const day = Math.floor(asOf.getTime() / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
  // 09:00–20:00 China Standard Time (UTC+8), logged up to three hours later.
  const occurredAt = new Date(day + (random.int(9, 20) - 8) * 60 * MINUTE_MS + random.int(0, 59) * MINUTE_MS);
  return { occurredAt, recordedAt: new Date(occurredAt.getTime() + random.int(1, 180) * MINUTE_MS) };
}

/**
 * The visits to one block's households: each block has its own coverage (some visited every
 * household in the last year, most did not), one or two recent visits per visited household, and
 * some visits older than a year that coverage must not count.
 */
export function visitsOfBlock(blockCode: string, scale: DemoScale, asOf: Date): DemoVisit[] {
  const random = new Random(`visits:${blockCode}`);
  const communityCode = blockCode.slice(0, 12);
  const room = roomDetailsOf(communityCode);
  const loggers = room.staff.filter((member) => member.accountSubject !== null).map((member) => member.accountSubject!);
  const coverage = random.pick([0.45, 0.65, 0.8, 0.9, 1]);
  const visits: DemoVisit[] = [];
  const visit = (householdId: string, daysAgo: number) => {
    const channel = random.chance(0.65) ? "HOME_VISIT" : random.pick(VISIT_CHANNELS.filter((c) => c !== "HOME_VISIT"));
    const kind = category(random);
    visits.push({
      id: random.uuid(),
      channel,
      roomId: channel === "HOME_VISIT" ? null : room.id,
      householdId,
      placeCode: blockCode,
      walkInName: null,
      walkInPhone: null,
      loggedBy: random.pick(loggers),
      category: kind,
      summary: random.pick(SUMMARIES[kind]),
      followUpNeeded: random.chance(kind === "OTHER" ? 0.02 : 0.2),
      ...visitTimes(random, asOf, daysAgo),
      delegateIds: channel === "RECEPTION" && random.chance(0.7) ? [random.pick(room.delegates).id] : [],
    });
  };
  for (const household of householdsOfBlock(blockCode, scale).households) {
    if (random.chance(coverage)) {
      for (let n = random.int(1, 2); n > 0; n--) visit(household.id, random.int(1, 350));
    }
    if (random.chance(0.15)) visit(household.id, random.int(380, 560));
  }
  return visits;
}

/** Unregistered walk-ins received at a community's room: recorded by name and phone. */
export function walkInsOfRoom(communityCode: string, asOf: Date): DemoVisit[] {
  const random = new Random(`walk-ins:${communityCode}`);
  const room = roomDetailsOf(communityCode);
  const loggers = room.staff.filter((member) => member.accountSubject !== null).map((member) => member.accountSubject!);
  return Array.from({ length: 3 }, () => {
    const kind = category(random);
    return {
      id: random.uuid(),
      channel: "RECEPTION" as const,
      roomId: room.id,
      householdId: null,
      placeCode: communityCode,
      walkInName: personName(random),
      walkInPhone: mobilePhone(random),
      loggedBy: random.pick(loggers),
      category: kind,
      summary: random.pick(SUMMARIES[kind]),
      followUpNeeded: random.chance(0.3),
      ...visitTimes(random, asOf, random.int(1, 300)),
      delegateIds: [random.pick(room.delegates).id],
    };
  });
}
