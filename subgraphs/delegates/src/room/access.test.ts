import { Access } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import type { DelegateRoom } from "../generated/prisma/client";
import { withRoomPlace } from "./access";

const ROOM = "5b0f3c1e-2a4d-4c6b-8e9f-0a1b2c3d4e5f";
const COMMUNITY = "310105001001";
const rooms = new Map([[ROOM, { id: ROOM, placeCode: COMMUNITY } as DelegateRoom]]);
const loadRoom = async (id: string) => rooms.get(id) ?? null;
const staff = (place: string, scope = ROOM) => new Access({ subject: "s", role: "room_staff", scope, place });

describe("room staff's place", () => {
  it("is their room's place when the token's claim agrees", async () => {
    const access = await withRoomPlace(staff(COMMUNITY), loadRoom);
    expect(access.workPlace).toBe(COMMUNITY);
  });

  it("refuses a claim that is not the room's place, wider or elsewhere, with FORBIDDEN", async () => {
    for (const claim of ["310105", "310105002001"]) {
      const refusal = await withRoomPlace(staff(claim), loadRoom).catch((error) => error);
      expect(refusal.extensions.code).toBe("FORBIDDEN");
      expect(refusal.message).toMatch(new RegExp(`serves ${COMMUNITY}`));
    }
  });

  it("refuses a room that does not exist, and leaves other viewers' access as it is", async () => {
    const ghost = await withRoomPlace(staff(COMMUNITY, crypto.randomUUID()), loadRoom).catch((error) => error);
    expect(ghost.extensions.code).toBe("FORBIDDEN");
    const worker = new Access({ subject: "w", role: "community_worker", scope: COMMUNITY, place: null });
    expect(await withRoomPlace(worker, loadRoom)).toBe(worker);
  });
});
