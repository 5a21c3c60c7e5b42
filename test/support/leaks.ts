import { expect } from "vitest";

/** Nothing a client receives may point inside the system: no stack frames, addresses, SQL or engines. */
export function expectNothingInternal(raw: string) {
  expect(raw).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(raw).not.toMatch(/stacktrace|exception/i);
  expect(raw).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|:\d{4,5}\/graphql/);
  expect(raw).not.toMatch(/SELECT |INSERT |prisma|PGlite|postgres/i);
}
