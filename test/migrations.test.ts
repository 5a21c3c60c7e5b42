// Each subgraph's Prisma schema must be what its committed migrations build: a schema change without
// `npm run migration -- <subgraph> <name>` fails here rather than at someone's first start.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const SUBGRAPHS = ["blocks", "residents", "delegates", "escalations"];
const read = (path: string) => readFileSync(new URL(`../prisma/${path}`, import.meta.url), "utf8");

describe("migrations", () => {
  it.each(SUBGRAPHS)("%s: the schema has no change that lacks a migration", (subgraph) => {
    expect(read(`${subgraph}/schema.prisma`)).toBe(read(`${subgraph}/migrations/schema.last-migration.prisma`));
  });
});
