// Sustained logVisit writes, as a fleet of phones sends them: a room's staff member logs reception
// visits of one block's households, a new idempotency key each. Then the truth: every request the
// load tool abandoned when its window closed is sent again with the same key and input (as a phone
// retries), and the rows are counted through the API. Nothing lost: every key sent is stored;
// no duplicates: one row per key.
import { randomUUID } from "node:crypto";
import { type DemoScale, householdsOfBlock, roomDetailsOf, roomIdOf } from "@grassroots/demo-district";
import { failureOf, type Headers, type LoadResult, load, post } from "./load";
import { body } from "./queries";

export const WRITE_BLOCK = "310105001001001";
const LOG_VISIT = "mutation ($input: LogVisitInput!) { logVisit(input: $input) { id summary } }";
const VISITS_PAGE = `query ($filter: VisitFilter, $after: String) { visits(filter: $filter, first: 100, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const SUMMARY = /^Benchmark visit (\d+):/;

export interface WriteResult {
  load: LoadResult;
  /** Answered with a visit during the load. */
  successes: number;
  /** Sent during the load but not answered (abandoned in flight, or failed), then sent again. */
  resent: number;
  /** Of those, answered with a visit on the second try. */
  resentStored: number;
  sent: number;
  rowsAdded: number;
  verdict: string;
}

export function writeBench(scale: DemoScale, staffCommunity: string) {
  const households = householdsOfBlock(WRITE_BLOCK, scale).households;
  const delegates = roomDetailsOf(staffCommunity).delegates;
  const roomId = roomIdOf(staffCommunity);

  /** The i-th visit of a run: occurredAt = windowStart + i ms, so a run's visits sit in one hour. */
  const visitInput = (i: number, windowStart: number, key: string) => ({
    idempotencyKey: key,
    channel: "RECEPTION",
    roomId,
    household: { id: households[i % households.length]!.id, blockCode: WRITE_BLOCK },
    delegateIds: [delegates[i % delegates.length]!.id],
    category: "OPINION_OR_SUGGESTION",
    summary: `Benchmark visit ${i}: more benches along the lane.`,
    followUpNeeded: false,
    occurredAt: new Date(windowStart + i).toISOString(),
  });

  /** Ids of the room's visits that occurred in [from, from + 1 h), read page by page through the API. */
  async function visitIdsFrom(port: number, headers: Headers, from: number): Promise<string[]> {
    const filter = {
      roomId,
      occurredFrom: new Date(from).toISOString(),
      occurredBefore: new Date(from + 3_600_000).toISOString(),
    };
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10_000; page++) {
      const answer = await post(port, body(VISITS_PAGE, { filter, after }), headers);
      const failure = failureOf(answer.status, answer.text);
      if (failure) throw new Error(`counting visits: ${failure}`);
      const { visits } = JSON.parse(answer.text).data;
      ids.push(...visits.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!visits.pageInfo.hasNextPage) return ids;
      after = visits.pageInfo.endCursor;
    }
    throw new Error("counting visits: more than 10,000 pages");
  }

  return async function measure(options: {
    port: number;
    headers: Headers;
    connections: number;
    seconds: number;
    windowStart: number;
  }) {
    const { port, headers, windowStart } = options;
    const before = new Set(await visitIdsFrom(port, headers, windowStart));
    const sent = new Map<number, string>();
    const answered = new Map<number, string>();
    const result = await load({
      ...options,
      body: (i) => {
        const text = body(LOG_VISIT, { input: visitInput(i, windowStart, randomUUID()) });
        sent.set(i, text);
        return text;
      },
      onAnswer: (status, text) => {
        if (failureOf(status, text)) return;
        const visit = JSON.parse(text).data.logVisit as { id: string; summary: string };
        answered.set(Number(SUMMARY.exec(visit.summary)?.[1]), visit.id);
      },
    });
    const successes = answered.size;
    // The phones' retries: same key, same input, one at a time.
    let resentStored = 0;
    const unanswered = [...sent.keys()].filter((i) => !answered.has(i));
    for (const i of unanswered) {
      const retry = await post(port, sent.get(i)!, headers);
      if (failureOf(retry.status, retry.text)) continue;
      answered.set(i, JSON.parse(retry.text).data.logVisit.id);
      resentStored++;
    }
    const added = (await visitIdsFrom(port, headers, windowStart)).filter((id) => !before.has(id));
    const ids = new Set(answered.values());
    const allThere = [...ids].every((id) => added.includes(id));
    const verdict =
      added.length === sent.size && ids.size === sent.size && allThere
        ? "yes"
        : `NO (${sent.size} sent, ${added.length} rows, ${ids.size} distinct ids answered${allThere ? "" : ", some answered ids missing"})`;
    return {
      load: result,
      successes,
      resent: unanswered.length,
      resentStored,
      sent: sent.size,
      rowsAdded: added.length,
      verdict,
    };
  };
}
