// Seeds the demo district's delegate rooms (one per community, with delegates, staff, hours and
// contacts) and their visit diary: a year and a half of visits that cover most households of the
// district, every household of some blocks, and none twice in the same way. Each part is seeded
// only when its table is empty, so a database from before visits existed gains them at start-up.
import {
  type DemoScale,
  type DemoVisit,
  demoTree,
  Random,
  roomDetailsOf,
  roomIdOf,
  visitsOfBlock,
  walkInsOfRoom,
} from "@grassroots/demo-district";
import type { Database, Logger } from "@grassroots/platform";
import { seedVisitHistory } from "./history";
import type { DelegatesPrisma } from "./prisma";
import { rebuildVisitRollUps } from "./visit-coverage/roll-ups";

const BLOCKS_PER_CHUNK = 50;

export interface SeedOptions {
  /** Visits happen up to 18 months before this instant (default: the time of seeding). */
  asOf?: Date;
  onProgress?: (done: number, total: number) => void;
}

export function seedDelegates(scale: DemoScale, options: SeedOptions = {}) {
  return async (prisma: DelegatesPrisma, database: Database, logger: Logger) => {
    const { communities, blocks } = demoTree(scale);
    if ((await prisma.delegateRoom.count()) === 0) {
      const rooms = communities.map((community) => {
        const random = new Random(`room-address:${community.code}`);
        const details = roomDetailsOf(community.code);
        return {
          id: roomIdOf(community.code),
          name: `${community.name} Delegate Room`,
          placeCode: community.code,
          address: `Ground floor, No. ${random.int(1, 40)}, ${community.name.replace(/ Community \d+$/, "")}`,
          onlineRoomUrl: details.onlineRoomUrl,
          hotline: details.hotline,
        };
      });
      await prisma.delegateRoom.createMany({ data: rooms });
      logger.info({ rooms: rooms.length }, "seeded the demo district's delegate rooms");
    }
    if ((await prisma.delegate.count()) === 0) {
      const details = communities.map((community) => roomDetailsOf(community.code));
      await prisma.$transaction([
        prisma.delegate.createMany({ data: details.flatMap((room) => room.delegates) }),
        prisma.roomStaff.createMany({ data: details.flatMap((room) => room.staff) }),
        prisma.openingSlot.createMany({
          data: details.flatMap((room) => room.openingSlots.map((slot) => ({ roomId: room.id, ...slot }))),
        }),
      ]);
      logger.info({ delegates: details.reduce((sum, room) => sum + room.delegates.length, 0) }, "seeded the rooms' delegates");
    }
    if ((await prisma.visit.count()) === 0) {
      const asOf = options.asOf ?? new Date();
      let visits = 0;
      await database.withConnection(async (connection) => {
        // One INSERT per table per chunk of blocks (json_populate_recordset): no row-by-row trips.
        const insert = async (chunk: DemoVisit[]) => {
          const rows = chunk.map(({ delegateIds: _delegateIds, ...visit }) => ({
            id: visit.id,
            channel: visit.channel,
            room_id: visit.roomId,
            household_id: visit.householdId,
            place_code: visit.placeCode,
            walk_in_name: visit.walkInName,
            walk_in_phone: visit.walkInPhone,
            logged_by: visit.loggedBy,
            category: visit.category,
            summary: visit.summary,
            follow_up_needed: visit.followUpNeeded,
            occurred_at: visit.occurredAt.toISOString(),
            recorded_at: visit.recordedAt.toISOString(),
          }));
          const present = chunk.flatMap((visit) =>
            visit.delegateIds.map((delegateId) => ({ visit_id: visit.id, delegate_id: delegateId })),
          );
          // The coverage trigger is off for the load (rebuilt from the rows below), only inside this transaction.
          await connection.exec("BEGIN; ALTER TABLE visit DISABLE TRIGGER USER");
          try {
            await connection.query("INSERT INTO visit SELECT * FROM json_populate_recordset(null::visit, $1)", [
              JSON.stringify(rows),
            ]);
            await connection.query("INSERT INTO visit_delegate SELECT * FROM json_populate_recordset(null::visit_delegate, $1)", [
              JSON.stringify(present),
            ]);
            await connection.exec("ALTER TABLE visit ENABLE TRIGGER USER; COMMIT");
          } catch (error) {
            await connection.exec("ROLLBACK");
            throw error;
          }
          visits += rows.length;
        };
        await insert(communities.flatMap((community) => walkInsOfRoom(community.code, asOf)));
        for (let i = 0; i < blocks.length; i += BLOCKS_PER_CHUNK) {
          await insert(blocks.slice(i, i + BLOCKS_PER_CHUNK).flatMap((block) => visitsOfBlock(block.code, scale, asOf)));
          options.onProgress?.(Math.min(i + BLOCKS_PER_CHUNK, blocks.length), blocks.length);
        }
        const started = Date.now();
        const history = await seedVisitHistory(connection, scale, asOf);
        if (history) logger.info({ visits: history, seconds: (Date.now() - started) / 1000 }, "seeded the visits' history");
        visits += history;
      });
      const started = Date.now();
      const rollUps = await rebuildVisitRollUps(prisma);
      logger.info({ visits, rollUps, rebuildSeconds: (Date.now() - started) / 1000 }, "seeded the demo district's visits");
    }
  };
}
