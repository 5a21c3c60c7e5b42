// Delegate rooms (党代表工作室): where delegates receive residents. Visits, delegates and opening
// hours arrive with the delegate-rooms issue; the room is here so the graph composes whole.
import { codeProblem } from "@grassroots/jurisdiction";
import { badUserInput, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";

const DelegateRoom = builder.prismaObject("DelegateRoom", {
  // Room staff read what their room's place covers; place roles their subtree and the places above.
  authScopes: (room) => ({ readPlace: room.placeCode }),
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    placeCode: t.exposeID("placeCode", { description: "Code of the place the room serves (a street or a community)." }),
    address: t.exposeString("address"),
  }),
});

builder.asEntity(DelegateRoom, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => context.loaders.room.load(id),
});

builder.queryFields((t) => ({
  room: t.prismaField({
    type: "DelegateRoom",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, context) =>
      context.prisma.delegateRoom.findUnique({ ...query, where: { id: parseUuid(String(id)) } }),
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
