// Writes the next migration of one subgraph's database from the change in its Prisma schema:
//   npm run migration -- <subgraph> <name>
// The SQL is the diff between the schema as of the last migration (kept beside the migrations as
// schema.last-migration.prisma) and the current schema, so no database or shadow database is needed.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [subgraph, name] = process.argv.slice(2);
if (!subgraph || !name || !/^[a-z][a-z0-9_]*$/.test(name)) {
  console.error("usage: npm run migration -- <blocks|residents|delegates|escalations> <snake_case_name>");
  process.exit(2);
}
const dir = join("prisma", subgraph);
const migrations = join(dir, "migrations");
const last = join(migrations, "schema.last-migration.prisma");
mkdirSync(migrations, { recursive: true });

const from = existsSync(last) ? ["--from-schema-datamodel", "migrations/schema.last-migration.prisma"] : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "schema.prisma", "--script", "--config", "prisma.config.ts"],
  { cwd: dir, encoding: "utf8" },
);
if (!/^\s*(CREATE|ALTER|DROP)/m.test(sql)) {
  console.log(`No schema change in ${subgraph} since the last migration.`);
  process.exit(0);
}
const count = readdirSync(migrations).filter((entry) => /^\d{4}_/.test(entry)).length;
const folder = join(migrations, `${String(count + 1).padStart(4, "0")}_${name}`);
mkdirSync(folder);
writeFileSync(join(folder, "migration.sql"), sql);
copyFileSync(join(dir, "schema.prisma"), last);
console.log(`Wrote ${join(folder, "migration.sql")}`);
