// Seeds the demo district's delegate rooms (one per community, with delegates, staff, hours and
// contacts) and their visit diary: a year and a half of visits that cover most households of the
// district, every household of some blocks, and none twice in the same way. Each part is seeded
// only when its table is empty, so a database from before visits existed gains them at start-up.
import {
  type DemoScale,
  type DemoVisit,
  demoTree,
  householdsOfBlock,
  Random,
  roomDetailsOf,
  roomIdOf,
  visitsOfBlock,
  walkInsOfRoom,
} from "@grassroots/demo-district";
import { type Database, type Logger, type SqlConnection, withKeysAndIndexesDeferred } from "@grassroots/platform";
import type { DelegatesPrisma } from "./prisma";
import { rebuildVisitRollUps } from "./visit-coverage/roll-ups";
import { COVERAGE_WINDOW_MONTHS } from "./visit-coverage/targets";

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
      // As the other seeds: a loaded machine must not fail a first start on Prisma's 5 s default.
      await prisma.$transaction(
        async (tx) => {
          await tx.delegate.createMany({ data: details.flatMap((room) => room.delegates) });
          await tx.roomStaff.createMany({ data: details.flatMap((room) => room.staff) });
          await tx.openingSlot.createMany({
            data: details.flatMap((room) => room.openingSlots.map((slot) => ({ roomId: room.id, ...slot }))),
          });
        },
        { timeout: 600_000, maxWait: 60_000 },
      );
      logger.info({ delegates: details.reduce((sum, room) => sum + room.delegates.length, 0) }, "seeded the rooms' delegates");
    }
    if ((await prisma.visit.count()) === 0) {
      const asOf = options.asOf ?? new Date();
      let visits = 0;
      const loadVisits = async (connection: SqlConnection) => {
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
      };
      // The visits' keys, foreign keys and indexes are built once, after the load: kept up row by row,
      // they cost more than the load itself once they outgrow memory.
      const tables = ["visit", "visit_delegate"];
      await database.withConnection((connection) => withKeysAndIndexesDeferred(connection, tables, () => loadVisits(connection)));
      const started = Date.now();
      const rollUps = await rebuildVisitRollUps(prisma);
      logger.info({ visits, rollUps, rebuildSeconds: (Date.now() - started) / 1000 }, "seeded the demo district's visits");
    }
  };
}

// Years of visits behind the live diary (scale.history.visits: a million at bench scale), generated
// by the database in one INSERT … SELECT over generate_series: real households of the demo district
// (their ids come from the same generator as the residents seed's) and real rooms, delegates and
// staff accounts. The history ends where the coverage window begins, so the live diary alone decides
// today's coverage (as the demo describes it) while the dashboards read a district with a past.
// The coverage trigger is off during the load, inside its transaction; the seed rebuilds after.
const HISTORY_SUMMARIES = [
  "Routine visit; the household is well, nothing to follow up.",
  "Delivered the community's notice on flu vaccination.",
  "Asks about the lane's renovation schedule.",
  "Elderly resident asks for help with meal delivery.",
  "Noise from the flat above late at night; asks for mediation.",
];

const arrayLiteral = (values: readonly string[]) => `{${values.map((value) => `"${value}"`).join(",")}}`;

/** Inserts the scale's history of visits (and the delegates present at them); answers how many. */
export async function seedVisitHistory(connection: SqlConnection, scale: DemoScale, asOf: Date): Promise<number> {
  const { visits, years } = scale.history;
  if (visits <= 0) return 0;
  const { communities, blocks } = demoTree(scale);
  const households = blocks.flatMap((block) => householdsOfBlock(block.code, scale).households);
  const rooms = communities.map((community) => {
    const room = roomDetailsOf(community.code);
    return {
      community_code: community.code,
      room_id: room.id,
      delegates: room.delegates.map((delegate) => delegate.id),
      loggers: room.staff.flatMap((member) => (member.accountSubject ? [member.accountSubject] : [])),
    };
  });
  // From `years` ago to a day before the coverage window opens.
  const newest = new Date(asOf);
  newest.setUTCMonth(newest.getUTCMonth() - COVERAGE_WINDOW_MONTHS);
  newest.setUTCDate(newest.getUTCDate() - 1);
  const spanDays = Math.max(1, years * 365 - Math.round((asOf.getTime() - newest.getTime()) / 86_400_000));

  await connection.exec("BEGIN; SELECT setseed(0.2026); SET LOCAL work_mem = '256MB'; ALTER TABLE visit DISABLE TRIGGER USER");
  try {
    await connection.query(
      `CREATE TEMP TABLE history_household ON COMMIT DROP AS
       SELECT n::int, id, block_code FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS h(id, block_code, n)`,
      [arrayLiteral(households.map((h) => h.id)), arrayLiteral(households.map((h) => h.blockCode))],
    );
    await connection.query(
      `CREATE TEMP TABLE history_room ON COMMIT DROP AS
       SELECT * FROM json_to_recordset($1) AS r(community_code text, room_id uuid, delegates uuid[], loggers text[])`,
      [JSON.stringify(rooms)],
    );
    await connection.exec("CREATE UNIQUE INDEX ON history_household (n); CREATE UNIQUE INDEX ON history_room (community_code)");
    await connection.query(
      `WITH drawn AS MATERIALIZED (
         SELECT g, 1 + floor(random() * $2)::int AS n, random() AS channel, random() AS kind, random() AS pick,
           random() AS day, random() AS minute, random() AS present
         FROM generate_series(1, $1) AS g
       ), stored AS (
         INSERT INTO visit (id, channel, room_id, household_id, place_code, walk_in_name, walk_in_phone, logged_by,
           category, summary, follow_up_needed, occurred_at, recorded_at)
         -- Ids in order under a fixed prefix: the primary key is built from rows already in its order.
         SELECT ('a1570000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
           c.channel::"VisitChannel",
           CASE WHEN c.channel = 'HOME_VISIT' THEN NULL ELSE r.room_id END,
           h.id, h.block_code, NULL, NULL,
           r.loggers[1 + floor(d.pick * cardinality(r.loggers))::int],
           (CASE WHEN d.kind < 0.45 THEN 'OTHER'
             ELSE (ARRAY['LIVING_DIFFICULTY', 'DEVELOPMENT_DIFFICULTY', 'NEIGHBOUR_DISPUTE', 'OPINION_OR_SUGGESTION',
               'PETITION'])[1 + floor((d.kind - 0.45) / 0.55 * 5)::int] END)::"VisitCategory",
           ($5::text[])[1 + floor(d.pick * cardinality($5::text[]))::int],
           d.kind < 0.1,
           at.occurred_at, at.occurred_at + (1 + floor(d.minute * 180)) * interval '1 minute'
         FROM drawn d
         JOIN history_household h ON h.n = d.n
         JOIN history_room r ON r.community_code = left(h.block_code, 12)
         CROSS JOIN LATERAL (SELECT CASE WHEN d.channel < 0.65 THEN 'HOME_VISIT'
           ELSE (ARRAY['RECEPTION', 'ONLINE', 'HOTLINE'])[1 + floor((d.channel - 0.65) / 0.35 * 3)::int] END AS channel) c
         -- 09:00–20:00 China Standard Time on a day of the span.
         CROSS JOIN LATERAL (SELECT date_trunc('day', $3::timestamptz) - floor(d.day * $4) * interval '1 day'
           + interval '1 hour' + floor(d.minute * 660) * interval '1 minute' AS occurred_at) at
         RETURNING id, channel, room_id
       )
       INSERT INTO visit_delegate (visit_id, delegate_id)
       SELECT s.id, r.delegates[1 + floor(random() * cardinality(r.delegates))::int]
       FROM stored s JOIN history_room r ON r.room_id = s.room_id
       WHERE s.channel = 'RECEPTION' AND random() < 0.7`,
      [visits, households.length, newest.toISOString(), spanDays, arrayLiteral(HISTORY_SUMMARIES)],
    );
    await connection.exec("ALTER TABLE visit ENABLE TRIGGER USER; COMMIT");
  } catch (error) {
    await connection.exec("ROLLBACK");
    throw error;
  }
  return visits;
}
