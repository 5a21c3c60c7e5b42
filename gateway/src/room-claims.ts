// Room staff tokens name their room (scope) and the place it serves (place). The residents and
// escalations subgraphs authorise room staff by that place, so a token whose place is not its
// room's would reach another street's households. The gateway checks the claim against the room's
// own place (the delegates subgraph's data, cached) before anything is planned.
import type { Viewer } from "@grassroots/access";
import type { Directory } from "@grassroots/directory";
import { forbidden } from "@grassroots/platform";

export type RoomClaimCheck = (viewer: Viewer | null) => Promise<void>;

export function roomClaimCheck(directory: Pick<Directory, "roomPlace">): RoomClaimCheck {
  return async (viewer) => {
    if (viewer?.role !== "room_staff") return;
    const place = viewer.scope ? await directory.roomPlace(viewer.scope) : null;
    if (place === null) throw forbidden("This token names a room that does not exist. Sign in again for a new token.");
    if (place !== viewer.place) {
      throw forbidden(`This token's place is not ${place}, the place its room serves. Sign in again for a new token.`);
    }
  };
}
