// A visit being written in the form: its rules (the API's own, checked on the phone first so the
// person learns at once; the API remains the judge) and the LogVisitInput it becomes.
import { instantOfShanghaiDateTime as instantOf, shanghaiDateTimeInput as shanghaiInputValue } from "../format";
import type { LogVisitInput, VisitCategory, VisitChannel } from "../generated/graphql";
import type { HouseholdChoice, QueuedVisit } from "./store";

export const CHANNELS: readonly VisitChannel[] = ["RECEPTION", "HOME_VISIT", "ONLINE", "HOTLINE"];
export const CATEGORIES: readonly VisitCategory[] = [
  "LIVING_DIFFICULTY",
  "DEVELOPMENT_DIFFICULTY",
  "NEIGHBOUR_DISPUTE",
  "OPINION_OR_SUGGESTION",
  "PETITION",
  "OTHER",
];

/** The API's limits (LogVisitInput). */
export const MAX_SUMMARY_LENGTH = 2000;
export const MAX_VISIT_AGE_DAYS = 30;
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_WALK_IN_NAME = 50;
// Mainland mobile numbers, or landlines with an area code (021-62345678), as the API accepts them.
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export interface Draft {
  channel: VisitChannel | null;
  /** The room picked (roles other than room staff). */
  roomId: string;
  walkIn: boolean;
  household: HouseholdChoice | null;
  walkInName: string;
  walkInPhone: string;
  category: VisitCategory | null;
  summary: string;
  followUpNeeded: boolean;
  /** Use the moment it is saved; else `occurredAt` (a datetime-local value in Asia/Shanghai). */
  justNow: boolean;
  occurredAt: string;
}

export type FieldKey =
  | "channel"
  | "roomId"
  | "household"
  | "walkInName"
  | "walkInPhone"
  | "category"
  | "summary"
  | "occurredAt"
  | "form";

/** A problem with one field: a message key of staff.invalid with its values, or the API's own words. */
export type FieldProblem = { key: string; values?: Record<string, unknown> } | { text: string };

export const emptyDraft = (channel: VisitChannel | null = null, roomId = ""): Draft => ({
  channel,
  roomId,
  walkIn: false,
  household: null,
  walkInName: "",
  walkInPhone: "",
  category: null,
  summary: "",
  followUpNeeded: false,
  justNow: true,
  occurredAt: "",
});

/** A refused item back in the form, to be fixed. */
export function draftOf(item: QueuedVisit): Draft {
  const { input } = item;
  return {
    channel: input.channel,
    roomId: input.roomId ?? "",
    walkIn: Boolean(input.walkIn),
    household: item.household,
    walkInName: input.walkIn?.name ?? "",
    walkInPhone: input.walkIn?.phone ?? "",
    category: input.category,
    summary: input.summary,
    followUpNeeded: input.followUpNeeded,
    justNow: false,
    occurredAt: shanghaiInputValue(input.occurredAt),
  };
}

/** Where in the form an API field is (ItemError.field: "household.blockCode", "walkIn.phone", …). */
export function fieldKeyOf(apiField: string | null | undefined): FieldKey {
  if (!apiField) return "form";
  if (apiField.startsWith("household")) return "household";
  if (apiField === "walkIn.phone") return "walkInPhone";
  if (apiField.startsWith("walkIn")) return "walkInName";
  if (["channel", "roomId", "category", "summary", "occurredAt"].includes(apiField)) return apiField as FieldKey;
  return "form";
}

/** The label in staff.fields of an API input field (ItemError.field). */
export function fieldLabelKey(apiField: string | null): string {
  const key = fieldKeyOf(apiField);
  if (key !== "form") return key;
  return apiField === "delegateIds" || apiField === "idempotencyKey" ? apiField : "other";
}

/** Datetime-local values in Asia/Shanghai (src/format.ts), under the names this app's modules use. */
export { instantOf, shanghaiInputValue };

export interface Context {
  /** Room staff's own room: every visit but a home visit comes through it. */
  ownRoomId: string | null;
  now: number;
}

export function problemsOf(draft: Draft, context: Context): Partial<Record<FieldKey, FieldProblem>> {
  const problems: Partial<Record<FieldKey, FieldProblem>> = {};
  const homeVisit = draft.channel === "HOME_VISIT";
  if (!draft.channel) problems.channel = { key: "channel" };
  if (draft.channel && !homeVisit && !context.ownRoomId && !draft.roomId) problems.roomId = { key: "room" };
  if (!draft.walkIn || homeVisit) {
    if (!draft.household) problems.household = { key: homeVisit ? "homeVisitHousehold" : "household" };
  } else {
    const name = draft.walkInName.trim();
    if (name.length === 0 || name.length > MAX_WALK_IN_NAME) problems.walkInName = { key: "walkInName" };
    if (!PHONE.test(draft.walkInPhone.trim())) problems.walkInPhone = { key: "walkInPhone" };
  }
  if (!draft.category) problems.category = { key: "category" };
  const summary = draft.summary.trim();
  if (summary.length === 0 || summary.length > MAX_SUMMARY_LENGTH) {
    problems.summary = { key: "summary", values: { max: MAX_SUMMARY_LENGTH } };
  }
  if (!draft.justNow) {
    const at = instantOf(draft.occurredAt);
    if (!at) problems.occurredAt = { key: "occurredAt" };
    else if (at.getTime() > context.now + CLOCK_SKEW_MS) problems.occurredAt = { key: "future" };
    else if (at.getTime() < context.now - MAX_VISIT_AGE_DAYS * 86_400_000) {
      problems.occurredAt = { key: "tooOld", values: { days: MAX_VISIT_AGE_DAYS } };
    }
  }
  return problems;
}

/** The input sent for a valid draft, under a new idempotency key. */
export function inputOf(draft: Draft, context: Context, idempotencyKey: string): LogVisitInput {
  const homeVisit = draft.channel === "HOME_VISIT";
  const household = !draft.walkIn || homeVisit ? draft.household : null;
  return {
    idempotencyKey,
    channel: draft.channel!,
    roomId: homeVisit ? null : (context.ownRoomId ?? draft.roomId),
    household: household ? { id: household.id, blockCode: household.blockCode } : null,
    walkIn: household ? null : { name: draft.walkInName.trim(), phone: draft.walkInPhone.trim() },
    category: draft.category!,
    summary: draft.summary.trim(),
    followUpNeeded: draft.followUpNeeded,
    occurredAt: draft.justNow ? new Date(context.now).toISOString() : instantOf(draft.occurredAt)!.toISOString(),
  };
}
