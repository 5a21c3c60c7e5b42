// What every partner form shares: an idempotency key made once per form and reused by its retries,
// an input's error from the API (BAD_USER_INPUT names the field in extensions.field), and the
// Asia/Shanghai wall clock the date inputs speak (China keeps +08:00 all year).

import { useState } from "react";
import { ApiError } from "../api/client";
import { newKey } from "../api/keys";
import { instantOfShanghaiDateTime, shanghaiDateTimeInput, todayInShanghai } from "../format";

/** One key per form: a retry after a lost answer sends the same one; `renew` after a success. */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newKey);
  return [key, () => setKey(newKey())];
}

/** The API's message about this input, if the error names it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.forField(field)?.message : undefined;
}

/** An error none of the form's inputs shows: the form says it at its top. */
export function isFormLevel(error: unknown, fields: readonly string[]): boolean {
  if (!error) return false;
  return !(error instanceof ApiError && error.errors.some((detail) => detail.field && fields.includes(detail.field)));
}

/** Now as a datetime-local input's value (YYYY-MM-DDTHH:mm) in Asia/Shanghai. */
export const shanghaiDateTimeNow = (now = new Date()) => shanghaiDateTimeInput(now);

/** A datetime-local value read in Asia/Shanghai, as the API's DateTime. */
export const fromShanghaiDateTime = (value: string) => instantOfShanghaiDateTime(value)?.toISOString() ?? value;

/** The last second of a calendar day in Asia/Shanghai, as the API's DateTime. */
export const endOfShanghaiDay = (day: string) => new Date(`${day}T23:59:59+08:00`).toISOString();

/** The calendar day so many days from today, in Asia/Shanghai. */
export const shanghaiDayFromToday = (days: number, now = Date.now()) => todayInShanghai(new Date(now + days * 86_400_000));
