// What a logged visit must satisfy before it is stored, checked the same way for one visit and for
// each item of an offline batch. Problems are returned as data ({ code, message, field }) so a batch
// can answer per item; a single logVisit throws the same problem as a GraphQL error.
import { codeProblem, contains } from "@grassroots/jurisdiction";
import { isUuid } from "@grassroots/platform";
import { MAX_VISIT_AGE_DAYS } from "@grassroots/vocabulary";
import type { Context } from "../context";
import type { VisitCategory, VisitChannel } from "../generated/prisma/client";
import { loggingProblem } from "./access";

/** A phone's clock may run a little ahead of the server's. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export { MAX_VISIT_AGE_DAYS };
export const MAX_SUMMARY_LENGTH = 2000;
export const MAX_DELEGATES_PRESENT = 20;

export interface VisitInputShape {
  idempotencyKey: string;
  channel: VisitChannel;
  roomId?: string | number | null;
  household?: { id: string | number; blockCode: string | number } | null;
  walkIn?: { name: string; phone: string } | null;
  delegateIds?: (string | number)[] | null;
  category: VisitCategory;
  summary: string;
  followUpNeeded: boolean;
  occurredAt: Date;
}

export type ItemErrorCode = "BAD_USER_INPUT" | "FORBIDDEN" | "CONFLICT" | "INTERNAL_SERVER_ERROR";

export interface ItemError {
  code: ItemErrorCode;
  message: string;
  /** The input field at fault, as a path within the visit's input (`occurredAt`, `household.blockCode`). */
  field: string | null;
  /**
   * Whether sending the same item again (same key) may store it: true only for failures on our side.
   * Anything the caller sent that we refuse will be refused again, however often it is sent.
   */
  retryable: boolean;
}

/** A visit ready to store. */
export interface NewVisit {
  channel: VisitChannel;
  roomId: string | null;
  householdId: string | null;
  placeCode: string;
  walkInName: string | null;
  walkInPhone: string | null;
  category: VisitCategory;
  summary: string;
  followUpNeeded: boolean;
  occurredAt: Date;
  delegateIds: string[];
}

// Mainland mobile numbers, or landlines with an area code (021-62345678).
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

const bad = (field: string, message: string): ItemError => ({ code: "BAD_USER_INPUT", message, field, retryable: false });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text can never be stored as sent, or null: PostgreSQL text holds no NUL character, and a
 * lone UTF-16 surrogate has no UTF-8 form (it would be stored as something else).
 */
export function textProblem(value: string, field: string): string | null {
  if (value.includes("\u0000")) {
    return `"${field}" contains a NUL character (\\u0000), so it will never be stored as sent: remove it and send the visit with a new key.`;
  }
  if (LONE_SURROGATE.test(value)) {
    return `"${field}" contains a broken character (a lone UTF-16 surrogate), so it will never be stored as sent: fix it and send the visit with a new key.`;
  }
  return null;
}

/** The visit's free texts, by input field. */
function textsOf(input: VisitInputShape): [string, string][] {
  const texts: [string, string][] = [["summary", input.summary]];
  if (input.walkIn) texts.push(["walkIn.name", input.walkIn.name], ["walkIn.phone", input.walkIn.phone]);
  return texts;
}

/** The input's own rules: shape, ranges and consistency between fields, without the database. */
function formProblem(input: VisitInputShape, now: Date): ItemError | null {
  for (const [field, text] of textsOf(input)) {
    const problem = textProblem(text, field);
    if (problem) return bad(field, problem);
  }
  const homeVisit = input.channel === "HOME_VISIT";
  if (homeVisit && input.roomId != null) return bad("roomId", "A home visit has no room: leave roomId out.");
  if (!homeVisit && input.roomId == null)
    return bad("roomId", `A ${input.channel} visit needs the roomId of the room it came through.`);
  if (input.roomId != null && !isUuid(String(input.roomId))) return bad("roomId", `"roomId" is not a valid id.`);
  if (input.household && input.walkIn) return bad("walkIn", "Give either the household or a walk-in, not both.");
  if (!input.household && !input.walkIn) {
    return bad("household", "Give the household visited, or a walk-in's name and phone if the resident is not registered.");
  }
  if (homeVisit && !input.household) return bad("household", "A home visit is to a registered household: give household.");
  if (input.household) {
    if (!isUuid(String(input.household.id))) return bad("household.id", `"household.id" is not a valid id.`);
    const problem = codeProblem(String(input.household.blockCode), "BLOCK");
    if (problem) return bad("household.blockCode", problem);
  }
  if (input.walkIn) {
    const name = input.walkIn.name.trim();
    if (name.length === 0 || name.length > 50) return bad("walkIn.name", "A walk-in's name is 1–50 characters.");
    if (!PHONE.test(input.walkIn.phone.trim())) {
      return bad("walkIn.phone", "A walk-in's phone is a mobile number (11 digits) or a landline with its area code.");
    }
  }
  const summary = input.summary.trim();
  if (summary.length === 0 || summary.length > MAX_SUMMARY_LENGTH) {
    return bad("summary", `The summary is 1–${MAX_SUMMARY_LENGTH} characters: what the resident raised and what was done.`);
  }
  if (input.occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return bad("occurredAt", "occurredAt is in the future: check the phone's clock.");
  }
  if (input.occurredAt.getTime() < now.getTime() - MAX_VISIT_AGE_DAYS * 86_400_000) {
    return bad("occurredAt", `occurredAt is more than ${MAX_VISIT_AGE_DAYS} days ago; record older visits in the room's ledger.`);
  }
  const delegateIds = input.delegateIds ?? [];
  if (delegateIds.length > MAX_DELEGATES_PRESENT)
    return bad("delegateIds", `At most ${MAX_DELEGATES_PRESENT} delegates per visit.`);
  if (delegateIds.some((id) => !isUuid(String(id)))) return bad("delegateIds", "A delegate id is not a valid id.");
  if (new Set(delegateIds.map((id) => String(id).toLowerCase())).size !== delegateIds.length) {
    return bad("delegateIds", "A delegate is listed twice.");
  }
  return null;
}

const forbiddenItem = (field: string, message: string) => ({
  error: { code: "FORBIDDEN", message, field, retryable: false } satisfies ItemError,
});

/**
 * Checks a visit against its own rules, the rooms and delegates it names and what the caller may
 * log; lookups go through the request's loaders (rooms and delegates kept a minute, room/loaders.ts), so a
 * batch checks all its items in a few statements, or none.
 */
export async function checkVisit(input: VisitInputShape, context: Context): Promise<{ visit: NewVisit } | { error: ItemError }> {
  const form = formProblem(input, context.now);
  if (form) return { error: form };
  const viewer = context.access.viewer;
  const roomId = input.roomId == null ? null : String(input.roomId).toLowerCase();
  // Before looking the room up, so room staff learn nothing about other rooms.
  if (viewer?.role === "room_staff" && roomId !== null && roomId !== viewer.scope) {
    return forbiddenItem("roomId", "Room staff log visits only for their own room.");
  }
  const room = roomId === null ? null : await context.loaders.keptRoom.load(roomId);
  if (roomId !== null && !room) return { error: bad("roomId", "No delegate room has this id.") };
  const blockCode = input.household ? String(input.household.blockCode) : null;
  if (room && blockCode !== null && !contains(room.placeCode, blockCode)) {
    return {
      error: bad(
        "household.blockCode",
        `Block ${blockCode} is outside the place this room serves (${room.placeCode}); log the visit at the household's own room, or as a home visit.`,
      ),
    };
  }
  const placeCode = blockCode ?? room!.placeCode;
  const refusal = loggingProblem(context.access, { roomId, placeCode });
  if (refusal) return forbiddenItem(roomId ? "roomId" : "household.blockCode", refusal);
  if (input.household) {
    // The household and its block belong to other subgraphs: a visit to a made-up household would
    // count in visitCoverage, and one filed under the wrong block would be hidden from its workers.
    const livesIn = await context.directory.householdBlock(String(input.household.id).toLowerCase());
    if (livesIn !== blockCode) {
      return { error: bad("household.id", `No registered household with this id lives in block ${blockCode}.`) };
    }
  }

  const delegateIds = (input.delegateIds ?? []).map((id) => String(id).toLowerCase());
  const delegates = await Promise.all(delegateIds.map((id) => context.loaders.keptDelegate.load(id)));
  const rooms = await Promise.all(
    delegates.map((delegate) => (delegate ? context.loaders.keptRoom.load(delegate.roomId) : null)),
  );
  for (const [i, id] of delegateIds.entries()) {
    if (!delegates[i]) return { error: bad("delegateIds", `No delegate has the id ${id}.`) };
    // A delegate is present where their room serves: their room's place contains the visit's place.
    if (!rooms[i] || !contains(rooms[i].placeCode, placeCode)) {
      return { error: bad("delegateIds", `Delegate ${id} works in a room that does not serve ${placeCode}.`) };
    }
  }
  return {
    visit: {
      channel: input.channel,
      roomId,
      householdId: input.household ? String(input.household.id).toLowerCase() : null,
      placeCode,
      walkInName: input.walkIn ? input.walkIn.name.trim() : null,
      walkInPhone: input.walkIn ? input.walkIn.phone.trim() : null,
      category: input.category,
      summary: input.summary.trim(),
      followUpNeeded: input.followUpNeeded,
      occurredAt: input.occurredAt,
      delegateIds,
    },
  };
}
