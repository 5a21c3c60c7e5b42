// Jurisdiction codes carry their path, as China's statistical division codes do:
// district 310105 (6 digits), street 310105001 (+3), community 310105001001 (+3),
// block 310105001001003 (+3). Any code's ancestors are its prefixes.

export const LEVELS = ["DISTRICT", "STREET", "COMMUNITY", "BLOCK"] as const;
export type Level = (typeof LEVELS)[number];

const LENGTH: Record<Level, number> = { DISTRICT: 6, STREET: 9, COMMUNITY: 12, BLOCK: 15 };
export const BLOCK_CODE_LENGTH = LENGTH.BLOCK;

/** The level a well-formed code names, or null when the code is malformed. */
export function levelOf(code: string): Level | null {
  if (!/^\d+$/.test(code)) return null;
  return LEVELS.find((level) => LENGTH[level] === code.length) ?? null;
}

export function codeLength(level: Level): number {
  return LENGTH[level];
}

/**
 * Why a code cannot be used where a code of `expected` level (or any level) is wanted,
 * in words a caller can act on; null when it is fine.
 */
export function codeProblem(code: string, expected?: Level): string | null {
  const level = levelOf(code);
  if (!level) {
    return `"${code}" is not a jurisdiction code: use 6 digits for a district, 9 for a street, 12 for a community or 15 for a block.`;
  }
  if (expected && level !== expected) {
    return `"${code}" is a ${level.toLowerCase()} code; a ${expected.toLowerCase()} code has ${LENGTH[expected]} digits.`;
  }
  return null;
}

export function parentOf(code: string): string | null {
  return code.length > LENGTH.DISTRICT ? code.slice(0, -3) : null;
}

/** The code's ancestors from the district down, ending with the code itself. */
export function pathOf(code: string): string[] {
  const path: string[] = [];
  for (let length = LENGTH.DISTRICT; length <= code.length; length += 3) path.push(code.slice(0, length));
  return path;
}

/** Whether a place (or a scope) contains another place: codes contain their descendants. */
export function contains(outer: string, inner: string): boolean {
  return inner.startsWith(outer);
}

/**
 * The inclusive range of block codes under a place. Codes are fixed-width digit strings, so the
 * range compares correctly under any collation and a plain B-tree index on block_code serves it.
 */
export function blockCodeRange(code: string): { from: string; to: string } {
  return { from: code.padEnd(LENGTH.BLOCK, "0"), to: code.padEnd(LENGTH.BLOCK, "9") };
}

/**
 * SQL that rolls per-block rows up to every place above them: `per_block` (with a `block_code`
 * column) joined to its four ancestor codes, so that places match by equality (a hash join)
 * rather than by code range (a nested loop: five times slower for the 1,666 places of the
 * benchmark district). Use as `LEFT JOIN ${ROLL_UP_PER_BLOCK} ON ancestor.code = place.code`.
 */
export const ROLL_UP_PER_BLOCK = `(per_block CROSS JOIN LATERAL (VALUES
  (left(per_block.block_code, 6)), (left(per_block.block_code, 9)),
  (left(per_block.block_code, 12)), (per_block.block_code)) AS ancestor(code))`;

/**
 * The one range of block codes covering every place given (fixed-width digits: lexicographic is
 * numeric): the least of their first blocks to the greatest of their last, in one pass (a whole
 * tree's loads ask it of 1,500 codes at a time).
 */
export function blockCodeSpan(codes: readonly string[]): { from: string; to: string } {
  let span: { from: string; to: string } | null = null;
  for (const code of codes) {
    const { from, to } = blockCodeRange(code);
    if (!span) span = { from, to };
    else {
      if (from < span.from) span.from = from;
      if (to > span.to) span.to = to;
    }
  }
  if (!span) throw new Error("blockCodeSpan needs at least one code.");
  return span;
}

/** The GraphQL type of each level's places (the blocks subgraph's entities). */
export const TYPENAME_OF_LEVEL = { DISTRICT: "District", STREET: "Street", COMMUNITY: "Community", BLOCK: "Block" } as const;
