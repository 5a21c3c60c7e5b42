// The delegate rooms a visit may come through. Room staff work in one room (their token's scope);
// the others pick among the rooms serving the household's block. The list is remembered on the
// phone (no personal data in it) so the form still offers it offline.
import { useQuery } from "@tanstack/react-query";
import { execute } from "../api/client";
import type { Viewer } from "../auth/claims";
import { reportRequest } from "./connectivity";
import { OwnRoomQuery, RoomsQuery } from "./queries";
import type { HouseholdChoice } from "./store";

export interface RoomChoice {
  id: string;
  name: string;
  placeCode: string;
}

/** District codes are the first 6 digits of every place code. */
const DISTRICT_CODE_LENGTH = 6;

const rememberedKey = (viewer: Viewer) => `grassroots.staff.rooms:${viewer.sub}`;

function remembered(viewer: Viewer): RoomChoice[] | undefined {
  try {
    const kept = localStorage.getItem(rememberedKey(viewer));
    return kept ? (JSON.parse(kept) as RoomChoice[]) : undefined;
  } catch {
    return undefined;
  }
}

async function fetchRooms(viewer: Viewer, place: string | null): Promise<RoomChoice[]> {
  try {
    let rooms: RoomChoice[];
    if (viewer.role === "room_staff") {
      const { room } = await execute(OwnRoomQuery, { id: viewer.scope ?? "" });
      rooms = room ? [room] : [];
    } else if (place) {
      // Rooms of the whole district the viewer may see: their own place's and those above it.
      rooms = (await execute(RoomsQuery, { scope: place.slice(0, DISTRICT_CODE_LENGTH) })).rooms;
    } else {
      rooms = [];
    }
    reportRequest();
    localStorage.setItem(rememberedKey(viewer), JSON.stringify(rooms));
    return rooms;
  } catch (error) {
    reportRequest(error);
    throw error;
  }
}

export function useRooms(viewer: Viewer, place: string | null): RoomChoice[] {
  const { data } = useQuery({
    queryKey: ["staff", "rooms", viewer.sub, viewer.role === "room_staff" ? viewer.scope : place?.slice(0, DISTRICT_CODE_LENGTH)],
    queryFn: () => fetchRooms(viewer, place),
    initialData: () => remembered(viewer),
    initialDataUpdatedAt: 0,
    staleTime: 10 * 60_000,
  });
  return data ?? [];
}

/**
 * The rooms a visit may come through: those serving the household's block; for a walk-in, the
 * rooms whose place lies within the viewer's (the walk-in's visit belongs to the room's place);
 * before either is known, the rooms serving any part of the viewer's place.
 */
export function roomsFor(
  rooms: RoomChoice[],
  place: string | null,
  visitor: { household: HouseholdChoice | null; walkIn: boolean },
): RoomChoice[] {
  const { household, walkIn } = visitor;
  if (household && !walkIn) return rooms.filter((room) => household.blockCode.startsWith(room.placeCode));
  if (place === null) return rooms;
  if (walkIn) return rooms.filter((room) => room.placeCode.startsWith(place));
  return rooms.filter((room) => room.placeCode.startsWith(place) || place.startsWith(room.placeCode));
}
