// Delegate rooms (党代表工作室): where delegates receive residents, open once or twice a week on
// weekday evenings or weekends, with an online room and a hotline for the rest of the time.
import { codeProblem } from "@grassroots/jurisdiction";
import { absentAsForbidden, badUserInput, isUuid, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import { clockTime, nextOpening } from "./opening-hours";
import "./delegate";

const WEEKDAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
const Weekday = builder.enumType("Weekday", { values: WEEKDAYS });

builder.prismaObject("OpeningSlot", {
  description: "A weekly opening of a room, in China Standard Time (UTC+8).",
  fields: (t) => ({
    weekday: t.field({ type: Weekday, resolve: (slot) => WEEKDAYS[slot.weekday - 1]! }),
    opensAt: t.string({ description: "Local time, HH:MM.", resolve: (slot) => clockTime(slot.opensMinute) }),
    closesAt: t.string({ description: "Local time, HH:MM.", resolve: (slot) => clockTime(slot.closesMinute) }),
  }),
});

const Opening = builder.objectRef<{ startsAt: Date; endsAt: Date; after: Date }>("Opening").implement({
  description: "One occurrence of a weekly opening slot.",
  fields: (t) => ({
    startsAt: t.expose("startsAt", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime" }),
    openNow: t.boolean({
      description: "Whether the room is open at the time asked about.",
      resolve: (opening) => opening.startsAt <= opening.after,
    }),
  }),
});

const slotOrder = [{ weekday: "asc" as const }, { opensMinute: "asc" as const }];

export const DelegateRoom = builder.prismaObject("DelegateRoom", {
  // Room staff read what their room's place covers; place roles their subtree and the places above.
  authScopes: (room) => ({ readPlace: room.placeCode }),
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    placeCode: t.exposeID("placeCode", { description: "Code of the place the room serves (a street or a community)." }),
    address: t.exposeString("address"),
    onlineRoomUrl: t.exposeString("onlineRoomUrl", {
      nullable: true,
      description: "The room's online counterpart (网上工作室), where residents leave messages at any hour.",
    }),
    hotline: t.exposeString("hotline", { nullable: true, description: "The room's 24-hour hotline." }),
    openingSlots: t.relation("openingSlots", { query: { orderBy: slotOrder } }),
    nextOpening: t.field({
      type: Opening,
      nullable: true,
      description: "The opening under way at `after` (default: now), or else the next one; null when the room has no slots.",
      args: { after: t.arg({ type: "DateTime" }) },
      select: { openingSlots: { orderBy: slotOrder } },
      resolve: (room, { after }, context) => {
        const from = after ?? context.now;
        const opening = nextOpening(room.openingSlots, from);
        return opening && { ...opening, after: from };
      },
    }),
    delegates: t.relation("delegates", { query: { orderBy: [{ name: "asc" }, { id: "asc" }] } }),
    staff: t.relation("staff", {
      description: "Who works in the room, by role (liaison, volunteer, staff), then by name.",
      query: { orderBy: [{ role: "asc" }, { name: "asc" }, { id: "asc" }] },
    }),
  }),
});

builder.asEntity(DelegateRoom, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => (isUuid(id) ? context.loaders.room.load(id.toLowerCase()) : null),
});

builder.queryFields((t) => ({
  room: t.prismaField({
    type: "DelegateRoom",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: "A room you may see. Absent and hidden look the same: null and FORBIDDEN.",
    resolve: async (query, _root, { id }, context) =>
      absentAsForbidden(
        await context.prisma.delegateRoom.findUnique({ ...query, where: { id: parseUuid(String(id)) } }),
        context.access.isAdmin,
      ),
  }),
  rooms: t.prismaField({
    type: ["DelegateRoom"],
    description: "Rooms serving places within a jurisdiction (by code prefix), ordered by place.",
    args: { scope: t.arg.id({ required: true, description: "Any jurisdiction code." }) },
    authScopes: (_root, { scope }) => ({ readPlace: String(scope) }),
    resolve: (query, _root, { scope }, context) => {
      const problem = codeProblem(String(scope));
      if (problem) throw badUserInput(problem, { field: "scope" });
      return context.prisma.delegateRoom.findMany({
        ...query,
        where: { placeCode: { startsWith: String(scope) }, ...context.access.placeWhere("placeCode") },
        orderBy: [{ placeCode: "asc" }, { id: "asc" }],
      });
    },
  }),
}));
