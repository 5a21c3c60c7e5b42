// Seeds the demo district's households and residents into an empty residents database, a block
// range at a time, with one INSERT per table per chunk (json_populate_recordset: no row-by-row trips);
// then its partner organisations, their members, pairings and check-ins, one INSERT per table.
import { DEMO_USERS, type DemoScale, demoPartners, demoTree, householdsOfBlock, Random } from "@grassroots/demo-district";
import { type Database, type Logger, withKeysAndIndexesDeferred } from "@grassroots/platform";
import { rebuildHouseholdRollUps } from "./household/roll-ups";
import type { ResidentsPrisma } from "./prisma";

const BLOCKS_PER_CHUNK = 50;

export function seedResidents(scale: DemoScale, onProgress?: (done: number, total: number) => void) {
  return async (prisma: ResidentsPrisma, database: Database, logger: Logger) => {
    if ((await prisma.household.count()) > 0) return;
    const { blocks } = demoTree(scale);
    let households = 0;
    // The keys and the search indexes (trigrams of addresses and names) are built once, after the load.
    await database.withConnection((connection) =>
      withKeysAndIndexesDeferred(connection, ["household", "resident"], async () => {
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
          // The roll-up triggers are off for the load, only inside this transaction; rebuilt below.
          await connection.exec("BEGIN; ALTER TABLE household DISABLE TRIGGER USER");
          await connection.query("INSERT INTO household SELECT * FROM json_populate_recordset(null::household, $1)", [
            JSON.stringify(householdRows),
          ]);
          await connection.query("INSERT INTO resident SELECT * FROM json_populate_recordset(null::resident, $1)", [
            JSON.stringify(residentRows),
          ]);
          await connection.exec("ALTER TABLE household ENABLE TRIGGER USER; COMMIT");
          households += householdRows.length;
          onProgress?.(Math.min(i + BLOCKS_PER_CHUNK, blocks.length), blocks.length);
        }
      }),
    );
    logger.info({ households, blocks: blocks.length }, "seeded the demo district's households");
    await seedPartners(database, scale, logger);
    await rebuildHouseholdRollUps(prisma);
  };
}

const arrayLiteral = (values: readonly string[]) => `{${values.join(",")}}`;

async function seedPartners(database: Database, scale: DemoScale, logger: Logger) {
  const { partners, members, pairings, checkIns } = demoPartners(scale);
  const tables: [string, Record<string, unknown>[]][] = [
    [
      "partner_organization",
      partners.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        credit_code: p.creditCode,
        contact_person: p.contactPerson,
        contact_phone: p.contactPhone,
        street_code: p.streetCode,
        services: arrayLiteral(p.services),
        capacity: p.capacity,
        status: p.status,
        vetting_notes: p.vettingNotes,
        vetted_by: p.vettedBy,
        vetted_at: p.vettedAt.toISOString(),
        approved_until: p.approvedUntil.toISOString(),
        registered_at: p.registeredAt.toISOString(),
      })),
    ],
    [
      "partner_member",
      members.map((m) => ({
        id: m.id,
        partner_id: m.partnerId,
        name: m.name,
        home_block_code: m.homeBlockCode,
      })),
    ],
    [
      "pairing",
      pairings.map((p) => ({
        id: p.id,
        partner_id: p.partnerId,
        household_id: p.householdId,
        status: p.status,
        proposed_by: p.proposedBy,
        proposed_at: p.proposedAt.toISOString(),
        accepted_at: p.acceptedAt.toISOString(),
        contact_consent: p.contactConsent,
        consent_note: p.consentNote,
      })),
    ],
    [
      "pairing_check_in",
      checkIns.map((c) => ({
        id: c.id,
        pairing_id: c.pairingId,
        kind: c.kind,
        help: c.help,
        happened_at: c.happenedAt.toISOString(),
        logged_by: c.loggedBy,
      })),
    ],
    // The demo partner user (npm run token -- --user demo-partner) acts for its organisation through
    // an account, as every partner does: its token's claims alone would not be honoured.
    [
      "partner_account",
      DEMO_USERS.filter((user) => user.role === "partner").map((user) => ({
        id: new Random(`account:${user.sub}`).uuid(),
        partner_id: user.scope,
        subject: user.sub,
        role: "ADMINISTRATOR",
      })),
    ],
  ];
  await database.withConnection(async (connection) => {
    await connection.exec("BEGIN; ALTER TABLE pairing DISABLE TRIGGER USER");
    for (const [table, rows] of tables) {
      if (!rows.length) continue;
      // Only the columns given: the others keep their defaults (json_populate_recordset would null them).
      const columns = Object.keys(rows[0]!);
      const list = columns.map((column) => `"${column}"`).join(", ");
      await connection.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1)`, [
        JSON.stringify(rows),
      ]);
    }
    await connection.exec("ALTER TABLE pairing ENABLE TRIGGER USER; COMMIT");
  });
  logger.info(
    { partners: partners.length, members: members.length, pairings: pairings.length },
    "seeded the demo district's partners",
  );
}
