// Masked forms of personal data, for viewers who need to know that a value exists but not what it is.

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
