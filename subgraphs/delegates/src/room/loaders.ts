// Rooms, their delegates and staff by id or account, for whatever many parents ask at once.
import { loaderById, loaderByKey } from "@grassroots/platform";
import type { Delegate, DelegateRoom, RoomStaff } from "../generated/prisma/client";
import type { DelegatesPrisma } from "../prisma";

export function roomLoaders(prisma: DelegatesPrisma) {
  const room = loaderById<DelegateRoom>((ids) => prisma.delegateRoom.findMany({ where: { id: { in: ids } } }));
  const delegate = loaderById<Delegate>((ids) => prisma.delegate.findMany({ where: { id: { in: ids } } }));
  const staffOfAccount = loaderByKey<string, RoomStaff>(
    (subjects) => prisma.roomStaff.findMany({ where: { accountSubject: { in: subjects } } }),
    (row) => row.accountSubject ?? "",
  );
  return { room, delegate, staffOfAccount };
}
