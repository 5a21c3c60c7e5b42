// Masked forms of personal data, for viewers who need to know that a value exists but not what it is.
import type { PersonalDataView } from "./access";

/** 陈军 → 陈*; keeps the family name. */
export function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? "*" : `${characters[0]}${"*".repeat(characters.length - 1)}`;
}

/** 13912345678 → 139****5678. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? "****" : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 310105198911224459 → 310105**********59: the area code stays, the birth date does not. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length < 8 ? "****" : `${idNumber.slice(0, 6)}${"*".repeat(idNumber.length - 8)}${idNumber.slice(-2)}`;
}

/** "Room 603, No. 10, Lane 163, Xianxia Road" → "Lane 163, Xianxia Road": the lane, not the door. */
export function maskAddress(address: string): string {
  const parts = address.split(",").map((part) => part.trim());
  return parts.length <= 2 ? "(withheld)" : parts.slice(-2).join(", ");
}

// Two-character family names (复姓) common enough to meet in a household register.
const COMPOUND_SURNAMES = new Set([
  "欧阳",
  "司马",
  "上官",
  "诸葛",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "令狐",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "呼延",
]);

/**
 * How a partner addresses a household it is paired with, without learning who lives there: the head
 * of household's family name with 先生 or 女士 (from the sex digit, the 17th character, of the
 * identity number: odd for men), or the family name with 户 when the number is missing.
 */
export function salutation(name: string, idNumber: string | null): string {
  const trimmed = name.trim();
  if (!trimmed) return "住户";
  const two = [...trimmed].slice(0, 2).join("");
  const surname = COMPOUND_SURNAMES.has(two) && [...trimmed].length > 2 ? two : [...trimmed][0]!;
  const sexDigit = idNumber && /^\d{17}[\dX]$/i.test(idNumber) ? Number(idNumber[16]) : null;
  if (sexDigit === null) return `${surname}户`;
  return `${surname}${sexDigit % 2 === 1 ? "先生" : "女士"}`;
}

/** A personal value as a viewer may see it: itself in full, its masked form, or nothing. */
export function personalValue(view: PersonalDataView, value: string | null, mask: (value: string) => string): string | null {
  if (value === null || view === "none") return null;
  return view === "masked" ? mask(value) : value;
}
