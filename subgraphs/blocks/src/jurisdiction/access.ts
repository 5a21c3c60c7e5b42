// Place data is for whoever works in or above the place; listings show only such places. Lookups
// by code decide from the code alone, before reading anything, so that no answer tells a caller
// whether a place outside their scope exists.
import type { Access } from "@grassroots/access";
import { type Level, levelOf } from "@grassroots/jurisdiction";
import { refused } from "@grassroots/platform";
import { checkCode } from "./codes";

/**
 * What a place's type checks before any of its fields resolve: the readPlace rule, asked directly
 * rather than as a scope map. A whole tree is 1,666 places, and Pothos's scope map (a map, a cache
 * entry and a bound loader per place) was a seventh of this subgraph's CPU on it.
 */
export const readPlace = (place: { code: string }, context: { access: Access }) => context.access.canReadPlace(place.code);

/** What a hidden record answers, exactly as the types' own scope checks do. */
export const hidden = refused;

/**
 * Whether a caller may look up the place a well-formed code names, were it to exist: inside their
 * scope an absent place is a plain null; outside it, absent and present are both hidden.
 */
export function mayLookUpPlace(access: Access, code: string): boolean {
  return levelOf(code) !== null && access.canReadPlace(code);
}

/**
 * How an entity representation's key is answered: looked up, null (a key that names no place,
 * told only to a caller who sees everything) or hidden.
 */
export function placeKeyAnswer(access: Access, code: unknown, level: Level): "look up" | "null" | "hidden" {
  const wellFormed = typeof code === "string" && levelOf(code) === level;
  if (wellFormed) return access.canReadPlace(code) ? "look up" : "hidden";
  return access.isAdmin ? "null" : "hidden";
}

/** A place code argument: malformed is BAD_USER_INPUT; outside the caller's scope, hidden before any lookup. */
export function placeArgument(
  context: { access: Access; authenticated: boolean },
  code: string,
  level?: Level,
  argument = "code",
): string {
  checkCode(code, level, argument);
  if (!mayLookUpPlace(context.access, code)) throw hidden(context);
  return code;
}
