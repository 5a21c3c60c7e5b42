// Room staff act where their room serves. The token names the room (scope) and, for the other
// subgraphs, the room's place (the `place` claim); this subgraph owns rooms, so it takes the place
// from the room itself and refuses a token whose claim disagrees: a claim that is wrong about the
// place is a token that was issued wrongly, and nothing it says is acted on.
import { Access } from "@grassroots/access";
import { GraphQLError } from "graphql";
import type { DelegateRoom } from "../generated/prisma/client";

/** FORBIDDEN for the whole request, answered with 200 so the gateway passes the message on. */
function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN", http: { status: 200 } } });
}

/**
 * The request's access with a room staff member's place taken from their room; other viewers'
 * access as it is. Throws FORBIDDEN when the room does not exist or the token's place claim is
 * not the room's place.
 */
export async function withRoomPlace(access: Access, loadRoom: (id: string) => Promise<DelegateRoom | null>): Promise<Access> {
  const viewer = access.viewer;
  if (viewer?.role !== "room_staff") return access;
  const room = viewer.scope ? await loadRoom(viewer.scope.toLowerCase()) : null;
  if (!room) throw refused("Your token names a delegate room that does not exist. Sign in again.");
  if (viewer.place !== room.placeCode) {
    throw refused(
      `Your token says your room serves ${viewer.place}, but the room serves ${room.placeCode}. Sign in again for a token of your room.`,
    );
  }
  return new Access({ ...viewer, scope: room.id, place: room.placeCode });
}
