// The shape the codebase promises a newcomer (docs/architecture.md), held by a test so that it
// stays true: the same files in every subgraph, demo data out of production code, one list of ports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SUBGRAPHS } from "@grassroots/services";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (name === "node_modules" || name === "generated") return [];
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(root, path), "utf8");
const isTest = (path: string) => path.endsWith(".test.ts") || path.split("/").includes("test");

describe("one shape for every subgraph", () => {
  it.each(SUBGRAPHS)("%s has main, config, subgraph, builder, context, schema and seed files", (name) => {
    for (const file of ["main.ts", "config.ts", "subgraph.ts", "builder.ts", "context.ts", "schema.ts", "seed.ts"]) {
      expect(statSync(join(root, "subgraphs", name, "src", file)).isFile(), `${name}/src/${file}`).toBe(true);
    }
  });

  it("keeps every subgraph source file under 350 lines, or says why at its top", () => {
    const long = sourceFiles("subgraphs")
      .filter((path) => read(path).split("\n").length > 350)
      .filter((path) => !read(path).startsWith("// Over 350 lines:"));
    expect(long).toEqual([]);
  });

  it("never lets production code import the demo data (only seeds, main.ts and tests)", () => {
    const production = [
      ...sourceFiles("subgraphs"),
      ...sourceFiles("packages"),
      ...sourceFiles("gateway"),
      ...sourceFiles("schema"),
    ]
      .filter((path) => !isTest(path))
      .filter((path) => !path.startsWith("packages/demo-district/"))
      .filter((path) => !/^subgraphs\/\w+\/src\/(main|seed)\.ts$/.test(path))
      // The gateway's main loads the demo accounts only for the development sign-in, never in production.
      .filter((path) => path !== "gateway/src/main.ts");
    const importing = production.filter((path) => read(path).includes("@grassroots/demo-district"));
    expect(importing).toEqual([]);
  });

  it("writes the subgraphs' ports in one source file only", () => {
    const files = [
      ...sourceFiles("subgraphs"),
      ...sourceFiles("packages"),
      ...sourceFiles("gateway"),
      ...sourceFiles("scripts"),
      ...sourceFiles("schema"),
      ...sourceFiles("test"),
      ...sourceFiles("bench"),
    ].filter((path) => !isTest(path));
    const withPorts = files.filter((path) => /(?<![\d-])400[1-4](?!\d)/.test(read(path)));
    expect(withPorts.map((path) => relative(".", path))).toEqual([]);
    expect(read("packages/services/src/index.ts")).toContain("gatewayPort(env) + 1 + SUBGRAPHS.indexOf(name)");
  });

  it("sends no reader outside the repository", () => {
    const docs = [
      "README.md",
      ...readdirSync(join(root, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => `docs/${name}`),
    ];
    for (const doc of docs) expect(read(doc), doc).not.toContain("../shared");
  });
});
