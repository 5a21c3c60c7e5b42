// Place data is for whoever works in or above the place; listings show only such places.
import type { Access } from "@grassroots/access";

/** The scope a place's type checks before any of its fields resolve. */
export const readPlace = (place: { code: string }) => ({ readPlace: place.code });

/** A listing of child places: only those the viewer may read, in code order. */
export const visibleChildren = (access: Access) => ({ where: access.placeWhere(), orderBy: { code: "asc" as const } });
