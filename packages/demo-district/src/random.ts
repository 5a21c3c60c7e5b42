// A small seeded PRNG so the demo district is the same on every machine and every start.
import { hash } from "node:crypto";

/** FNV-1a: a stable 32-bit seed from a string (a jurisdiction code, a purpose). */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;
  private uuids = 0;

  constructor(private readonly seed: string) {
    this.state = seedOf(seed);
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }

  /**
   * A version-4-shaped UUID, from a hash of this stream's seed and a counter: a 32-bit PRNG state
   * repeats across streams at the benchmark size (300,000 households), a SHA-256 of the seed does not.
   */
  uuid(): string {
    // crypto.hash: one call, no Hash object (a bench-scale seed asks for millions of these).
    const hex = hash("sha256", `${this.seed}#${this.uuids++}`, "hex");
    const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
