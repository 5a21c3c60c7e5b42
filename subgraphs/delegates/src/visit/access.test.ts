import { Access, type Viewer } from "@grassroots/access";
import { describe, expect, it } from "vitest";
import { loggingProblem, placeRange, readsVisits, visitScope } from "./access";

const ROOM = "5b0f3c1e-2a4d-4c6b-8e9f-0a1b2c3d4e5f";
const COMMUNITY = "310105001001";
const BLOCK = "310105001001001";
const OTHER_BLOCK = "310105002001001";
const as = (viewer: Partial<Viewer> & Pick<Viewer, "role">) => new Access({ subject: "s", scope: null, place: null, ...viewer });

describe("who reads visits", () => {
  it("reads visits within the viewer's place; admins everywhere; departments and partners nowhere", () => {
    expect(visitScope(as({ role: "admin" }))).toBeNull();
    expect(visitScope(as({ role: "community_worker", scope: COMMUNITY }))).toBe(COMMUNITY);
    expect(visitScope(as({ role: "room_staff", scope: ROOM, place: COMMUNITY }))).toBe(COMMUNITY);
    expect(readsVisits(as({ role: "department_officer", scope: "310105-civil" }))).toBe(false);
    expect(visitScope(as({ role: "partner", scope: ROOM }))).toBeUndefined();
  });

  it("spans a place's codes as a range of fixed-width strings", () => {
    expect(placeRange(COMMUNITY)).toEqual({ gte: COMMUNITY, lte: "310105001001999" });
  });
});

describe("who logs visits", () => {
  const staff = as({ role: "room_staff", scope: ROOM, place: COMMUNITY });

  it("lets room staff log for their own room, within its place", () => {
    expect(loggingProblem(staff, { roomId: ROOM, placeCode: BLOCK })).toBeNull();
    expect(loggingProblem(staff, { roomId: null, placeCode: BLOCK })).toBeNull();
    expect(loggingProblem(staff, { roomId: crypto.randomUUID(), placeCode: BLOCK })).toMatch(/own room/);
    expect(loggingProblem(staff, { roomId: null, placeCode: OTHER_BLOCK })).toMatch(/outside the place your room serves/);
  });

  it("lets field roles log within their scope, and no one else", () => {
    const worker = as({ role: "community_worker", scope: COMMUNITY });
    expect(loggingProblem(worker, { roomId: null, placeCode: BLOCK })).toBeNull();
    expect(loggingProblem(worker, { roomId: null, placeCode: OTHER_BLOCK })).toMatch(/outside your scope/);
    expect(loggingProblem(as({ role: "district_analyst", scope: "310105" }), { roomId: null, placeCode: BLOCK })).toMatch(
      /does not log/,
    );
    expect(loggingProblem(new Access(null), { roomId: null, placeCode: BLOCK })).toMatch(/Sign in/);
  });
});
