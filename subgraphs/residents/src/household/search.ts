// householdSearch: staff find a household by its address (door number included), a resident's name
// or the household's phone, within a place they serve, answered as Household records masked as
// their role requires. Analysts (masked personal data) search only what they see of an address,
// its lane and road, so that a search cannot confirm a name, phone or door they may not read.
import { blockCodeRange, codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, type PageWindow } from "@grassroots/platform";
import { builder } from "../builder";
import type { Context } from "../context";
import { Prisma } from "../generated/prisma/client";
import { connectionById } from "../input";
import { Household } from "./household";

/** What a search text means: a LIKE pattern, and the digits of a phone number when it looks like one. */
export interface SearchTerms {
  text: string;
  pattern: string;
  /** Substrings need three characters for a trigram index; shorter texts match whole names only. */
  substrings: boolean;
  phoneDigits: string | null;
}

export function searchTerms(raw: string): SearchTerms {
  const text = raw.trim().replace(/\s+/g, " ");
  const length = [...text].length;
  if (length < 2 || length > 100) throw badUserInput("Search for 2 to 100 characters.", { field: "text" });
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  let phoneDigits: string | null = null;
  if (/^\+?[\d\s()-]{7,}$/.test(text)) {
    const digits = text.replace(/\D/g, "");
    phoneDigits = digits.length === 13 && digits.startsWith("86") ? digits.slice(2) : digits;
  }
  return { text, pattern, substrings: length >= 3, phoneDigits };
}

/**
 * The ids of one page of matching households under the place (block codes from..to), in id order.
 * Each way of matching is its own branch so that each uses its own index (trigram GIN on addresses
 * and names, B-tree on the phone's digits), and the place's range narrows the household branches.
 */
export async function searchPage(
  context: Pick<Context, "prisma">,
  place: string,
  terms: SearchTerms,
  masked: boolean,
  window: PageWindow,
): Promise<string[]> {
  const { from, to } = blockCodeRange(place);
  const inPlace = Prisma.sql`block_code BETWEEN ${from} AND ${to}`;
  // Shorter than a trigram, a text would scan every address of the place: it matches whole names only.
  const branches = masked
    ? [Prisma.sql`SELECT id FROM household WHERE ${inPlace} AND household_address_area(address) ILIKE ${terms.pattern}`]
    : [
        ...(terms.substrings
          ? [
              Prisma.sql`SELECT id FROM household WHERE ${inPlace} AND address ILIKE ${terms.pattern}`,
              Prisma.sql`SELECT household_id AS id FROM resident WHERE name ILIKE ${terms.pattern}`,
            ]
          : [Prisma.sql`SELECT household_id AS id FROM resident WHERE name = ${terms.text}`]),
        ...(terms.phoneDigits
          ? [
              Prisma.sql`SELECT id FROM household
                WHERE ${inPlace} AND regexp_replace(contact_phone, '[^0-9]', '', 'g') = ${terms.phoneDigits}`,
            ]
          : []),
      ];
  const { after, before, limit, inverted } = window;
  const rows = await context.prisma.$queryRaw<{ id: string }[]>`
    WITH matched AS (${Prisma.join(branches, " UNION ")})
    SELECT h.id FROM household h JOIN matched ON matched.id = h.id
    WHERE h.block_code BETWEEN ${from} AND ${to}
      ${after ? Prisma.sql`AND h.id > ${after}::uuid` : Prisma.empty}
      ${before ? Prisma.sql`AND h.id < ${before}::uuid` : Prisma.empty}
    ORDER BY h.id ${inverted ? Prisma.sql`DESC` : Prisma.sql`ASC`}
    LIMIT ${limit}`;
  return rows.map(({ id }) => id);
}

builder.queryFields((t) => ({
  householdSearch: t.connection({
    type: Household,
    nullable: true,
    description:
      "Households under a place you serve whose address (door number included), resident's name or phone contains the text (3 to 100 characters; 2 match a whole name; a phone matches in full), in a stable order; pages of at most 100. Analysts, who see addresses masked, search the lane and road only. A place outside your own: null and FORBIDDEN.",
    args: {
      scope: t.arg.id({ required: true, description: "A place code (district, street, community or block) you serve." }),
      text: t.arg.string({ required: true }),
    },
    // Serving a place means serving every block under it: the same rule as its households.
    authScopes: (_root, { scope }) => ({ servesBlock: String(scope) }),
    resolve: (_root, args, context) => {
      const place = String(args.scope);
      const problem = codeProblem(place);
      if (problem) throw badUserInput(problem, { field: "scope" });
      const terms = searchTerms(args.text);
      const masked = context.access.personalData(blockCodeRange(place).from) === "masked";
      return connectionById(args, async (window) => {
        const ids = await searchPage(context, place, terms, masked, window);
        const households = await context.prisma.household.findMany({ where: { id: { in: ids } } });
        const byId = new Map(households.map((household) => [household.id, household]));
        return ids.map((id) => byId.get(id)!);
      });
    },
  }),
}));
