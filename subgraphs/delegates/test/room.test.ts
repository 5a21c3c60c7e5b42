// Rooms through the delegates subgraph alone: listing, _entities, delegates, staff and opening hours.
import { createDemoDirectory, demoTree, roomDetailsOf, SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockTime, nextOpening } from "../src/room/opening-hours";
import { seedDelegates } from "../src/seed";
import { createDelegatesSubgraph } from "../src/subgraph";

const scale = SCALES.test;
const tree = demoTree(scale);
let subgraph: Awaited<ReturnType<typeof startTestSubgraph>>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createDelegatesSubgraph({ directory: createDemoDirectory(scale) }), seedDelegates(scale));
});
afterAll(() => subgraph?.close());

describe("delegate rooms", () => {
  it("lists the rooms within a scope and resolves DelegateRoom through _entities", async () => {
    const street = tree.streets[0]!;
    const { data } = await subgraph.query(`query($scope: ID!) { rooms(scope: $scope) { id name placeCode } }`, {
      scope: street.code,
    });
    const communities = tree.communities.filter((community) => community.streetCode === street.code);
    expect(data?.rooms.map((room: { placeCode: string }) => room.placeCode)).toEqual(communities.map(({ code }) => code));

    const room = data?.rooms[1];
    subgraph.sql.reset();
    const entities = await subgraph.query(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on DelegateRoom { id name placeCode } } }`,
      {
        reps: [
          { __typename: "DelegateRoom", id: room.id },
          { __typename: "DelegateRoom", id: "00000000-0000-4000-8000-000000000000" },
          { __typename: "DelegateRoom", id: "not-an-id" },
        ],
      },
    );
    expect(entities.data?._entities).toEqual([room, null, null]);
    expect(subgraph.sql.count).toBe(1);
    const direct = await subgraph.query(`query($id: ID!) { room(id: $id) { id } }`, { id: room.id });
    expect(direct.data?.room).toEqual({ id: room.id });
  });

  it("shows each room's delegates, staff, weekly slots and next opening, in as many statements for 6 rooms as for 1", async () => {
    const ROOMS = `query($scope: ID!) { rooms(scope: $scope) { id onlineRoomUrl hotline
      delegates { id name congress level } staff { name role } openingSlots { weekday opensAt closesAt }
      nextOpening { startsAt endsAt openNow } } }`;
    subgraph.sql.reset();
    const one = await subgraph.query(ROOMS, { scope: tree.communities[0]!.code });
    const forOne = subgraph.sql.count;
    subgraph.sql.reset();
    const { data, errors } = await subgraph.query(ROOMS, { scope: tree.district.code });
    expect(one.errors).toBeUndefined();
    expect(errors).toBeUndefined();
    expect(subgraph.sql.count).toBe(forOne);

    const weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
    const time = (minutes: number) =>
      `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const byName = <T extends { name: string; id?: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    expect(data?.rooms).toHaveLength(tree.communities.length);
    for (const [i, community] of tree.communities.entries()) {
      const expected = roomDetailsOf(community.code);
      const room = data?.rooms[i];
      expect(room).toMatchObject({ id: expected.id, onlineRoomUrl: expected.onlineRoomUrl, hotline: expected.hotline });
      expect([...room.delegates].sort(byName)).toEqual(
        expected.delegates.map(({ id, name, congress, level }) => ({ id, name, congress, level })).sort(byName),
      );
      expect(room.staff[0].role).toBe("LIAISON");
      expect(room.staff.map((member: { name: string }) => member.name).sort()).toEqual(
        expected.staff.map(({ name }) => name).sort(),
      );
      expect(room.openingSlots).toEqual(
        expected.openingSlots.map((slot) => ({
          weekday: weekdays[slot.weekday - 1],
          opensAt: time(slot.opensMinute),
          closesAt: time(slot.closesMinute),
        })),
      );
      const next = room.nextOpening;
      expect(new Date(next.endsAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(next.startsAt).getTime() - Date.now()).toBeLessThan(7 * 86_400_000);
    }
  });

  it("rejects a malformed scope or id with BAD_USER_INPUT", async () => {
    const scope = await subgraph.query(`{ rooms(scope: "abc") { id } }`);
    expect(scope.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "scope" });
    const id = await subgraph.query(`{ room(id: "abc") { id } }`);
    expect(id.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: "id" });
  });
});

// Thursday 2026-11-26 and the days around it, in China Standard Time (UTC+8).
const cst = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const TUESDAY_EVENING = { weekday: 2, opensMinute: 19 * 60, closesMinute: 21 * 60 };
const SATURDAY_MORNING = { weekday: 6, opensMinute: 9 * 60, closesMinute: 11 * 60 + 30 };

describe("nextOpening", () => {
  it("finds the next slot later in the week, or next week's once this week's are over", () => {
    const slots = [TUESDAY_EVENING, SATURDAY_MORNING];
    expect(nextOpening(slots, cst("2026-11-26", "10:00"))).toEqual({
      startsAt: cst("2026-11-28", "09:00"),
      endsAt: cst("2026-11-28", "11:30"),
    });
    expect(nextOpening(slots, cst("2026-11-28", "12:00"))?.startsAt).toEqual(cst("2026-12-01", "19:00"));
  });

  it("answers the slot under way, and a slot of the same weekday a week on once today's is over", () => {
    expect(nextOpening([TUESDAY_EVENING], cst("2026-11-24", "20:15"))?.startsAt).toEqual(cst("2026-11-24", "19:00"));
    expect(nextOpening([TUESDAY_EVENING], cst("2026-11-24", "21:00"))?.startsAt).toEqual(cst("2026-12-01", "19:00"));
  });

  it("uses the local day near midnight UTC, and null without slots", () => {
    // 23:30 UTC on Monday is 07:30 on Tuesday in China.
    expect(nextOpening([TUESDAY_EVENING], new Date("2026-11-23T23:30:00Z"))?.startsAt).toEqual(cst("2026-11-24", "19:00"));
    expect(nextOpening([], new Date())).toBeNull();
    expect(clockTime(19 * 60 + 5)).toBe("19:05");
  });
});
