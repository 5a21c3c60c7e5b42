// Rooms, their delegates and staff by id or account, for whatever many parents ask at once. Rooms
// and delegates are written only by the seed or by hand (no mutation changes them), and every logged
// visit looks them up: for that check (and room staff's place) rows found are kept for a minute per
// database, so a phone fleet's visits do not ask for the same room again and again. Ids not found are
// asked again every time; reads of rooms and delegates always ask the database.
import { loaderById, loaderByKey } from "@grassroots/platform";
import type { Delegate, DelegateRoom, RoomStaff } from "../generated/prisma/client";
import type { DelegatesPrisma } from "../prisma";

const KEEP_MS = 60_000;

type Kept<Row> = Map<string, { row: Row; until: number }>;
const keptRooms = new WeakMap<DelegatesPrisma, Kept<DelegateRoom>>();
const keptDelegates = new WeakMap<DelegatesPrisma, Kept<Delegate>>();

function keptOf<Row>(all: WeakMap<DelegatesPrisma, Kept<Row>>, prisma: DelegatesPrisma): Kept<Row> {
  const kept = all.get(prisma) ?? new Map();
  all.set(prisma, kept);
  return kept;
}

/** Rows by id, from those kept while fresh, else from the database (and then kept). */
function keptLoader<Row extends { id: string }>(kept: Kept<Row>, find: (ids: string[]) => Promise<Row[]>) {
  return loaderById<Row>(async (ids) => {
    const now = Date.now();
    const fresh: Row[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const entry = kept.get(id);
      if (entry && entry.until > now) fresh.push(entry.row);
      else missing.push(id);
    }
    const found = missing.length ? await find(missing) : [];
    for (const row of found) kept.set(row.id, { row, until: now + KEEP_MS });
    return [...fresh, ...found];
  });
}

export function roomLoaders(prisma: DelegatesPrisma) {
  const findRooms = (ids: string[]) => prisma.delegateRoom.findMany({ where: { id: { in: ids } } });
  const findDelegates = (ids: string[]) => prisma.delegate.findMany({ where: { id: { in: ids } } });
  const room = loaderById<DelegateRoom>(findRooms);
  const delegate = loaderById<Delegate>(findDelegates);
  /** Rooms and delegates as a logged visit is checked against them: kept for a minute. */
  const keptRoom = keptLoader(keptOf(keptRooms, prisma), findRooms);
  const keptDelegate = keptLoader(keptOf(keptDelegates, prisma), findDelegates);
  const staffOfAccount = loaderByKey<string, RoomStaff>(
    (subjects) => prisma.roomStaff.findMany({ where: { accountSubject: { in: subjects } } }),
    (row) => row.accountSubject ?? "",
  );
  return { room, delegate, keptRoom, keptDelegate, staffOfAccount };
}
