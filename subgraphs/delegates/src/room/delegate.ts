// The people of a room: congress delegates (党代表, 人大代表) who receive residents, and the staff
// who receive, register, track, give feedback and archive. Reached through their room or a visit,
// whose own checks decide who sees them; delegates' names are posted in their rooms anyway.
import { type CONGRESSES, DELEGATE_LEVELS, type ROOM_STAFF_ROLES } from "@grassroots/vocabulary";
import { builder } from "../builder";

const CongressEnum = builder.enumType("Congress", {
  values: {
    PARTY: { description: "Party congress (党代表)." },
    PEOPLES: { description: "People's congress (人大代表)." },
  } satisfies Record<(typeof CONGRESSES)[number], { description: string }>,
});

const DelegateLevelEnum = builder.enumType("DelegateLevel", {
  description: "The level of the congress the delegate was elected to.",
  values: DELEGATE_LEVELS,
});

const RoomStaffRoleEnum = builder.enumType("RoomStaffRole", {
  values: {
    LIAISON: { description: "联络员: keeps the room's ledger and the delegates' schedule." },
    VOLUNTEER: { description: "A volunteer who helps receive residents." },
    STAFF: { description: "Employed staff of the street or community office." },
  } satisfies Record<(typeof ROOM_STAFF_ROLES)[number], { description: string }>,
});

export const Delegate = builder.prismaObject("Delegate", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    congress: t.expose("congress", { type: CongressEnum }),
    level: t.expose("level", { type: DelegateLevelEnum }),
    room: t.relation("room"),
  }),
});

export const RoomStaff = builder.prismaObject("RoomStaff", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    role: t.expose("role", { type: RoomStaffRoleEnum }),
    room: t.relation("room"),
  }),
});
