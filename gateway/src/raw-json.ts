// A heavy operation's data comes back from the lane's thread already serialized: JSON bytes, moved
// between threads without a copy. Making them an object again, for Apollo Server to serialize once
// more, would cost the main thread what the lane saved it (a megabyte answer: tens of milliseconds
// of copying and stringifying, while every other caller waits). So in Apollo's result the data is a
// stand-in that serializes as a unique marker, and the bytes take the marker's place when the body
// is written (server.ts).
import { randomUUID } from "node:crypto";

/** One request's serialized parts, by the marker that stands for each in the body. */
export class RawJsonParts {
  private readonly parts = new Map<string, Uint8Array>();

  /** A value that Apollo Server serializes as a marker, which splice() replaces with `json`. */
  add(json: Uint8Array): unknown {
    const marker = `raw-json:${randomUUID()}`;
    this.parts.set(JSON.stringify(marker), json);
    return { toJSON: () => marker };
  }

  /** The body with every marker replaced by its bytes; the body as it is when there is none. */
  splice(body: string): string | Buffer {
    if (this.parts.size === 0) return body;
    const found = [...this.parts]
      .map(([marker, json]) => ({ at: body.indexOf(marker), length: marker.length, json }))
      .filter((part) => part.at >= 0)
      .sort((a, b) => a.at - b.at);
    if (found.length === 0) return body;
    const chunks: Uint8Array[] = [];
    let from = 0;
    for (const part of found) {
      chunks.push(Buffer.from(body.slice(from, part.at)), part.json);
      from = part.at + part.length;
    }
    chunks.push(Buffer.from(body.slice(from)));
    return Buffer.concat(chunks);
  }
}
