// Possible duplicates (the same problem raised twice): other open cases of the same category in the
// same block or for the same household whose description is similar by pg_trgm's similarity (shared
// trigrams ÷ all trigrams of the two, 0 to 1; CJK text is compared by its characters' trigrams too).
// One statement for every case asked in a request: each case's candidates are its block's open cases
// of its category (partial index on open cases by block and category) and its household's cases.
import type { Access } from "@grassroots/access";
import DataLoader from "dataloader";
import { builder } from "../builder";
import type { Case as CaseRow } from "../generated/prisma/client";
import type { EscalationsPrisma } from "../prisma";
import { canSeeCase } from "./access";
import { Case } from "./case";

/** pg_trgm's own default threshold for `%`: below it, two texts share too little to suggest the same problem. */
export const DUPLICATE_SIMILARITY_THRESHOLD = 0.3;
/** The most possible duplicates answered per case. */
export const MAX_POSSIBLE_DUPLICATES = 10;

export interface PossibleDuplicate {
  case: CaseRow;
  similarity: number;
}

export function createDuplicateLoader(prisma: EscalationsPrisma, access: Access) {
  return new DataLoader<string, PossibleDuplicate[]>(async (ids) => {
    const pairs = await prisma.$queryRaw<{ case_id: string; duplicate_id: string; similarity: number }[]>`
      SELECT c.id::text AS case_id, d.id::text AS duplicate_id, d.similarity
      FROM "case" c
      CROSS JOIN LATERAL (
        SELECT other.id, similarity(c.description, other.description)::float8 AS similarity
        FROM "case" other
        WHERE other.status IN ('OPEN', 'ACCEPTED') AND other.category = c.category AND other.id <> c.id
          AND (other.block_code = c.block_code OR other.household_id = c.household_id)
          AND similarity(c.description, other.description) >= ${DUPLICATE_SIMILARITY_THRESHOLD}
        ORDER BY 2 DESC, other.raised_at, other.id
        LIMIT ${MAX_POSSIBLE_DUPLICATES}
      ) AS d
      WHERE c.id = ANY(${[...ids]}::uuid[]) AND c.status IN ('OPEN', 'ACCEPTED')`;
    const rows = pairs.length
      ? await prisma.case.findMany({ where: { id: { in: [...new Set(pairs.map((pair) => pair.duplicate_id))] } } })
      : [];
    const byId = new Map(rows.filter((row) => canSeeCase(access, row)).map((row) => [row.id, row]));
    return ids.map((id) =>
      pairs.flatMap((pair) => {
        const found = pair.case_id === id ? byId.get(pair.duplicate_id) : undefined;
        return found ? [{ case: found, similarity: pair.similarity }] : [];
      }),
    );
  });
}

const PossibleDuplicateRef = builder.objectRef<PossibleDuplicate>("PossibleDuplicate").implement({
  description: "Another open case that may be the same problem.",
  fields: (t) => ({
    case: t.field({ type: Case, resolve: (duplicate) => duplicate.case }),
    similarity: t.exposeFloat("similarity", {
      description: "pg_trgm similarity of the two descriptions: shared trigrams ÷ all trigrams of both, from 0.3 to 1.",
    }),
  }),
});

builder.objectField(Case, "possibleDuplicates", (t) =>
  t.field({
    type: [PossibleDuplicateRef],
    description: `While this case is OPEN or ACCEPTED: other OPEN or ACCEPTED cases of its category in its block or for its household whose description has a pg_trgm similarity of at least ${DUPLICATE_SIMILARITY_THRESHOLD} to this one, most similar first, at most ${MAX_POSSIBLE_DUPLICATES} (of those you may see). Merge one with mergeCase.`,
    args: { first: t.arg.int({ defaultValue: 5, description: `At most ${MAX_POSSIBLE_DUPLICATES}.` }) },
    resolve: async (c, { first }, context) => {
      const duplicates = await context.loaders.possibleDuplicates.load(c.id);
      return duplicates.slice(0, Math.max(0, Math.min(first ?? 5, MAX_POSSIBLE_DUPLICATES)));
    },
  }),
);

builder.objectField(Case, "mergedInto", (t) =>
  t.field({
    type: Case,
    nullable: true,
    description: "The case this one was merged into as its duplicate (status MERGED); null when you may not see it.",
    resolve: async (c, _args, context) => {
      const into = c.mergedIntoId ? await context.loaders.case.load(c.mergedIntoId) : null;
      return into && canSeeCase(context.access, into) ? into : null;
    },
  }),
);
