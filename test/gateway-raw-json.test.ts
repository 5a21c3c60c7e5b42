// The heavy lane's data, serialized on its thread, written into the body in place of its marker.
import { RawJsonParts } from "@grassroots/gateway/raw-json";
import { describe, expect, it } from "vitest";

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("raw JSON parts", () => {
  it("puts each part's bytes where Apollo serialized its marker, keeping the rest of the body", () => {
    const parts = new RawJsonParts();
    const households = { street: { name: "江苏路街道", households: [{ address: "愚园路 1 号" }] } };
    const body = `${JSON.stringify({ errors: [{ message: "partial" }], data: parts.add(bytes(households)) })}\n`;
    const written = parts.splice(body);
    expect(JSON.parse(written.toString())).toEqual({ errors: [{ message: "partial" }], data: households });
    expect(written.toString().endsWith("\n")).toBe(true);
  });

  it("splices several parts in the order they stand, and null data too", () => {
    const parts = new RawJsonParts();
    const body = JSON.stringify({ b: parts.add(bytes(null)), a: parts.add(bytes([1, 2])) });
    expect(JSON.parse(parts.splice(body).toString())).toEqual({ b: null, a: [1, 2] });
  });

  it("leaves a body without parts, or without their markers, as it is", () => {
    expect(new RawJsonParts().splice('{"data":{}}')).toBe('{"data":{}}');
    const parts = new RawJsonParts();
    parts.add(bytes({ unused: true }));
    expect(parts.splice('{"data":{"x":"raw-json:not-ours"}}')).toBe('{"data":{"x":"raw-json:not-ours"}}');
  });
});
