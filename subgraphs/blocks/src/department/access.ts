// A department is district data: whoever may read its district may read it, and looks it up by id
// without learning whether a department outside their districts exists.
import type { Access } from "@grassroots/access";
import { districtOfDepartmentId } from "./ids";

/** The scope a department's type checks before any of its fields resolve. */
export const readDepartment = (department: { districtCode: string }) => ({ readPlace: department.districtCode });

/**
 * How an entity representation's id is answered: looked up, null (an id that names no department,
 * told only to a caller who sees everything) or hidden.
 */
export function departmentKeyAnswer(access: Access, id: unknown): "look up" | "null" | "hidden" {
  const district = districtOfDepartmentId(id);
  if (district) return access.canReadPlace(district) ? "look up" : "hidden";
  return access.isAdmin ? "null" : "hidden";
}
