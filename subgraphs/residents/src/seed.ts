// Seeds the demo district's households and residents into an empty residents database, a block
// range at a time, with one INSERT per table per chunk (json_populate_recordset: no row-by-row trips).
import { type DemoScale, demoTree, householdsOfBlock } from "@grassroots/demo-district";
import type { Database, Logger } from "@grassroots/platform";
import type { ResidentsPrisma } from "./prisma";

const BLOCKS_PER_CHUNK = 50;

export function seedResidents(scale: DemoScale, onProgress?: (done: number, total: number) => void) {
  return async (prisma: ResidentsPrisma, database: Database, logger: Logger) => {
    if ((await prisma.household.count()) > 0) return;
    const { blocks } = demoTree(scale);
    let households = 0;
    await database.withConnection(async (connection) => {
      for (let i = 0; i < blocks.length; i += BLOCKS_PER_CHUNK) {
        const chunk = blocks.slice(i, i + BLOCKS_PER_CHUNK).map((block) => householdsOfBlock(block.code, scale));
        const householdRows = chunk.flatMap((part) =>
          part.households.map((h) => ({
            id: h.id,
            block_code: h.blockCode,
            address: h.address,
            size: h.size,
            needs: `{${h.needs.join(",")}}`,
            contact_phone: h.contactPhone,
            registered_at: new Date(Date.UTC(2017, 0, 1)).toISOString(),
          })),
        );
        const residentRows = chunk.flatMap((part) =>
          part.residents.map((r) => ({
            id: r.id,
            household_id: r.householdId,
            name: r.name,
            id_number: r.idNumber,
            birth_year: r.birthYear,
            is_head: r.isHead,
          })),
        );
        await connection.exec("BEGIN");
        await connection.query("INSERT INTO household SELECT * FROM json_populate_recordset(null::household, $1)", [
          JSON.stringify(householdRows),
        ]);
        await connection.query("INSERT INTO resident SELECT * FROM json_populate_recordset(null::resident, $1)", [
          JSON.stringify(residentRows),
        ]);
        await connection.exec("COMMIT");
        households += householdRows.length;
        onProgress?.(Math.min(i + BLOCKS_PER_CHUNK, blocks.length), blocks.length);
      }
    });
    logger.info({ households, blocks: blocks.length }, "seeded the demo district's households");
  };
}
