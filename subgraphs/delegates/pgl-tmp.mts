import { openDatabase } from "@grassroots/platform";
import { createPrisma } from "./src/prisma";

const db = await openDatabase({ dataDir: "/tmp/base-data/delegates" });
const prisma = createPrisma(db.adapter, { logQueries: false });
const now = new Date().toISOString();
try {
  const rows = await prisma.$transaction(async (tx) =>
    tx.$queryRawUnsafe(
      `WITH stored AS (
       INSERT INTO visit (id, channel, room_id, household_id, place_code, walk_in_name, walk_in_phone, logged_by,
         category, summary, follow_up_needed, occurred_at, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::"VisitChannel"[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::"VisitCategory"[], $10::text[], $11::boolean[], $12::timestamptz[], $13::timestamptz[])
       RETURNING *
     ), presence AS (
       INSERT INTO visit_delegate (visit_id, delegate_id) SELECT * FROM unnest($14::uuid[], $15::uuid[])
     )
     SELECT id::text FROM stored`,
      [crypto.randomUUID()],
      ["RECEPTION"],
      ["c1a5c1d1-e909-488b-843b-83f048cc02d1"],
      ["0195cf53-8029-4fb0-989b-87df23de8424"],
      ["310105001001001"],
      [null],
      [null],
      ["x"],
      ["OPINION_OR_SUGGESTION"],
      ["s"],
      [false],
      [now],
      [now],
      [],
      [],
    ),
  );
  console.log("ok", rows);
} catch (e) {
  console.log("ERR", e);
}
await prisma.$disconnect();
await db.close();
