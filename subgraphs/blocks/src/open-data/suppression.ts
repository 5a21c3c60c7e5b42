// Small-cell suppression over the whole jurisdiction tree, so that nothing published can be taken
// back to a small count: not by subtraction, and not with the bounds an attacker knows (counts are
// never negative; a suppressed one is often under 5). Each figure is suppressed on its own: those
// published (figures.ts) are not parts of one another, so no difference of two is a count.
//
// Every place's count is the sum of its blocks', so each place with children gives an equation
// anyone can write down: place = Σ children.
//
// 1. A place is suppressed when its count is under the threshold (primary suppression).
// 2. Until nothing changes: when any child of a place is suppressed, or the place itself is, every
//    child of it is suppressed. (An only child has its parent's count, so it is suppressed by 1
//    exactly when its parent is: a published parent never has a lone suppressed child.)
//
// A place with no block under it counts nothing by its shape: it is published as 0 and left out of
// every family. Then every family (a place and its children) is either fully published or has all
// its children suppressed, and a suppressed place has its whole subtree suppressed. What the tables
// say of a published place's suppressed children is only their sum, over two or more of them: units
// can move from one to another (and on down into their subtrees) without changing anything that is
// published; test/open-data.test.ts finds such a twin district for every suppressed count. A family
// is suppressed whole, not with one complement beside the small cell, because with one complement
// the bounds give it away (a community of 13 with blocks 5, ≤4, ≤4 can only be 5, 4, 4). The whole
// tree is suppressed at once, so the tables of every level agree.
import { BLOCK_CODE_LENGTH, parentOf, pathOf } from "@grassroots/jurisdiction";

/** Cells counting fewer than this many households or cases are not published. */
export const SUPPRESSION_THRESHOLD = 5;

/**
 * Every place's count (the sum over its blocks; 0 for a block without one), or null where it is
 * suppressed. `codes` are all the places of the tree, every level (blocks are the codes of a
 * block's length); `perBlock` the counts by block (blocks outside `codes` are ignored, so every
 * published sum is exactly its children's).
 */
export function suppressTree(
  codes: readonly string[],
  perBlock: ReadonlyMap<string, number>,
  threshold = SUPPRESSION_THRESHOLD,
): Map<string, number | null> {
  const known = new Set(codes);
  // A place without a block under it counts nothing by its shape (anyone can see it has no blocks):
  // it is published as 0 and takes no part in any family, neither hiding nor hidden.
  const holding = new Set(codes.filter((code) => code.length === BLOCK_CODE_LENGTH).flatMap(pathOf));
  const children = new Map<string, string[]>();
  for (const code of codes) {
    const parent = parentOf(code);
    if (parent === null || !known.has(parent) || !holding.has(code)) continue;
    const siblings = children.get(parent);
    if (siblings) siblings.push(code);
    else children.set(parent, [code]);
  }
  const values = new Map(codes.map((code) => [code, 0]));
  for (const code of codes) {
    if (code.length !== BLOCK_CODE_LENGTH) continue;
    const count = perBlock.get(code) ?? 0;
    for (const place of pathOf(code)) if (known.has(place)) values.set(place, values.get(place)! + count);
  }

  const suppressed = new Set(codes.filter((code) => holding.has(code) && values.get(code)! < threshold));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, family] of children) {
      if (!suppressed.has(parent) && !family.some((code) => suppressed.has(code))) continue;
      for (const code of family) {
        if (!suppressed.has(code)) {
          suppressed.add(code);
          changed = true;
        }
      }
    }
  }
  return new Map(codes.map((code) => [code, suppressed.has(code) ? null : values.get(code)!]));
}
