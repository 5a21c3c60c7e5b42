// Small-cell suppression over the whole jurisdiction tree, so that what is published cannot be
// subtracted back to what is not. Every place's figure is the sum of its blocks' figures, so each
// place with children gives one equation that anyone can write down: place = Σ children. A cell
// under the threshold is suppressed (primary); then, until nothing changes, any such family (a place
// and its children) with exactly one suppressed cell gets a second one (complementary): its smallest
// published child, or the place itself when it has no other child. With every family holding no
// suppressed cell or at least two, no suppressed cell is determined by the published ones: each
// lies on a path of suppressed cells through families that can move together by +t/−t.
// The whole tree is suppressed at once, so the tables of every level agree with one another.
import { parentOf, pathOf } from "@grassroots/jurisdiction";

/** Cells counting fewer than this many households or cases are not published. */
export const SUPPRESSION_THRESHOLD = 5;

/**
 * Every place's figure (the sum over its blocks, 0 for a block without one), or null where it is
 * suppressed. `codes` are all the places of the tree, every level; `perBlock` the blocks' figures
 * (figures of blocks outside `codes` are ignored, so every published sum is exactly its children's).
 */
export function suppressTree(
  codes: readonly string[],
  perBlock: ReadonlyMap<string, number>,
  threshold = SUPPRESSION_THRESHOLD,
): Map<string, number | null> {
  const values = new Map(codes.map((code) => [code, 0]));
  const children = new Map<string, string[]>();
  for (const code of codes) {
    const parent = parentOf(code);
    if (parent !== null && values.has(parent)) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(code);
      else children.set(parent, [code]);
    }
  }
  for (const code of codes) {
    if (children.has(code)) continue;
    const figure = perBlock.get(code) ?? 0;
    for (const place of pathOf(code)) if (values.has(place)) values.set(place, values.get(place)! + figure);
  }

  const suppressed = new Set(codes.filter((code) => values.get(code)! < threshold));
  const bySize = (a: string, b: string) => values.get(a)! - values.get(b)! || (a < b ? -1 : 1);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, family] of children) {
      const hidden = (suppressed.has(parent) ? 1 : 0) + family.filter((code) => suppressed.has(code)).length;
      if (hidden !== 1) continue;
      const complement = family.filter((code) => !suppressed.has(code)).sort(bySize)[0] ?? parent;
      suppressed.add(complement);
      changed = true;
    }
  }
  return new Map(codes.map((code) => [code, suppressed.has(code) ? null : values.get(code)!]));
}
