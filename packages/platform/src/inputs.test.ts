// The corners of the unstorable-input check that the end-to-end tests do not reach.
import { buildSchema, type OperationDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { findRefusedInput, parseDateInput, parseDateTimeInput } from "./inputs";

const schema = buildSchema(`
  scalar DateTime
  scalar Date
  scalar JSON
  directive @note(text: String) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
  input Item { label: String, at: DateTime, tags: [String!], children: [Item!] }
  type Thing { name(format: String): String, things(filter: Item): [Thing!]! }
  type Query { thing(id: ID!): Thing, search(items: [Item!], raw: JSON, on: Date, codes: [ID!]): [Thing!]! }
`);

function refused(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode;
  const error = findRefusedInput(schema, document, operation, variables);
  return error && { message: error.message, ...error.extensions };
}

describe("findRefusedInput", () => {
  it("names NUL bytes by their path from the argument, in literals, variables and defaults", () => {
    expect(refused(`{ thing(id: "a\\u0000") { name } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    expect(
      refused(`query($items: [Item!]) { search(items: $items) { name } }`, { items: [{}, { tags: ["x", "y\u0000"] }] }),
    ).toMatchObject({ field: "items.1.tags.1" });
    expect(
      refused(`query($l: String) { search(items: [{ children: [{ label: $l }] }]) { name } }`, { l: "\u0000" }),
    ).toMatchObject({ field: "items.0.children.0.label" });
    expect(refused(`query($id: ID! = "\\u0000") { thing(id: $id) { name } }`)).toMatchObject({ field: "id" });
    expect(refused(`query($id: ID! = "\\u0000") { thing(id: $id) { name } }`, { id: "fine" })).toBeNull();
  });

  it("looks inside nested selections, fragments, inline fragments and directive arguments", () => {
    expect(refused(`{ thing(id: "1") { things(filter: { label: "\\u0000" }) { name } } }`)).toMatchObject({
      field: "filter.label",
    });
    expect(refused(`{ thing(id: "1") { ...F } } fragment F on Thing { name(format: "\\u0000") }`)).toMatchObject({
      field: "format",
    });
    expect(refused(`{ thing(id: "1") { ... on Thing { name(format: "\\u0000") } } }`)).toMatchObject({ field: "format" });
    expect(refused(`{ thing(id: "1") { name @note(text: "\\u0000") } }`)).toMatchObject({ field: "text" });
  });

  it("finds NUL inside a JSON scalar's value, and one value standing for a list", () => {
    expect(refused(`query($raw: JSON) { search(raw: $raw) { name } }`, { raw: { deep: [{ text: "\u0000" }] } })).toMatchObject({
      field: "raw.deep.0.text",
    });
    expect(refused(`query($codes: [ID!]) { search(codes: $codes) { name } }`, { codes: "\u0000" })).toMatchObject({
      field: "codes",
    });
  });

  it("checks DateTime and Date wherever the schema puts them, and nothing else as a date", () => {
    expect(
      refused(`query($at: DateTime) { search(items: [{ at: $at }]) { name } }`, { at: "2026-13-01T00:00:00Z" }),
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "items.0.at", message: expect.stringMatching(/DateTime/) });
    expect(refused(`{ search(on: "0000-01-01") { name } }`)).toMatchObject({ field: "on" });
    expect(
      refused(`{ search(on: "2026-05-01", items: [{ label: "0000-01-01", at: "2026-05-01T09:30:00+08:00" }]) { name } }`),
    ).toBeNull();
  });

  it("leaves values of the wrong type to GraphQL's coercion", () => {
    expect(refused(`query($items: [Item!]) { search(items: $items) { name } }`, { items: [{ at: 5, unknown: 1 }] })).toBeNull();
  });
});

describe("DateTime and Date input", () => {
  it.each([
    "2026-13-01T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "0000-12-31T23:30:00-01:00",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:30:00-01:00",
    "10000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "2026-05-01",
    "",
  ])("refuses DateTime %j as BAD_USER_INPUT", (value) => {
    expect(() => parseDateTimeInput(value)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    );
  });

  it("refuses non-strings and invalid Dates", () => {
    expect(() => parseDateTimeInput(1_700_000_000_000)).toThrow(/DateTime/);
    expect(() => parseDateTimeInput(new Date(Number.NaN))).toThrow(/DateTime/);
    expect(() => parseDateTimeInput(new Date(Date.UTC(-1, 0, 1)))).toThrow(/DateTime/);
  });

  it("accepts the whole range from year 1 to year 9999, with offsets and fractions", () => {
    expect(parseDateTimeInput("0001-01-01T00:00:00Z").toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(parseDateTimeInput("9999-12-31T23:59:59.999Z").toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(parseDateTimeInput("2024-02-29T08:00:00+08:00").toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it("refuses Dates off the calendar or outside years 1–9999", () => {
    for (const value of ["2026-13-01", "2026-02-30", "0000-01-01", "10000-01-01"]) {
      expect(() => parseDateInput(value), value).toThrow(/Date must be/);
    }
    expect(parseDateInput("2024-02-29").toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });
});
