// An attacker's view of a published hierarchical table: every place with children gives the
// equation place = Σ children; published cells are known, suppressed ones (null) unknown. A
// suppressed cell is recoverable when those equations determine it, i.e. when the unit vector of its
// unknown lies in the row space of the system. Exact arithmetic (BigInt) over the reduced row
// echelon form; independent of how the publisher chose what to suppress.
import { parentOf } from "@grassroots/jurisdiction";

/** The suppressed codes whose values the published cells of `table` determine (place = Σ children). */
export function recoverableCells(table: ReadonlyMap<string, number | null>): string[] {
  const children = new Map<string, string[]>();
  for (const code of table.keys()) {
    const parent = parentOf(code);
    if (parent !== null && table.has(parent)) children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const unknowns = [...table.keys()].filter((code) => table.get(code) === null);
  const column = new Map(unknowns.map((code, index) => [code, index]));
  // Only the unknowns' coefficients matter for what is determined; the constants never do.
  const rows: bigint[][] = [];
  for (const [parent, family] of children) {
    const row = unknowns.map(() => 0n);
    for (const [code, sign] of [[parent, 1n] as const, ...family.map((code) => [code, -1n] as const)]) {
      const index = column.get(code);
      if (index !== undefined) row[index]! += sign;
    }
    if (row.some((value) => value !== 0n)) rows.push(row);
  }
  const reduced = reducedRowEchelon(rows, unknowns.length);
  // e_i is in the row space of a reduced matrix exactly when some row is e_i (up to a factor).
  return unknowns.filter((_, index) =>
    reduced.some((row) => row[index] !== 0n && row.every((value, j) => j === index || value === 0n)),
  );
}

function reducedRowEchelon(input: bigint[][], width: number): bigint[][] {
  const rows = input.map((row) => [...row]);
  let pivotRow = 0;
  for (let col = 0; col < width && pivotRow < rows.length; col++) {
    const found = rows.findIndex((row, index) => index >= pivotRow && row[col] !== 0n);
    if (found < 0) continue;
    [rows[pivotRow], rows[found]] = [rows[found]!, rows[pivotRow]!];
    const pivot = rows[pivotRow]!;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (index === pivotRow || row[col] === 0n) continue;
      const factor = row[col]!;
      for (let j = 0; j < width; j++) row[j] = row[j]! * pivot[col]! - pivot[j]! * factor;
      normalise(row);
    }
    pivotRow++;
  }
  return rows;
}

function normalise(row: bigint[]) {
  const gcd = row.reduce((a, b) => greatestCommonDivisor(a, b < 0n ? -b : b), 0n);
  if (gcd > 1n) for (let j = 0; j < row.length; j++) row[j] = row[j]! / gcd;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
