// Seeds one delegate room per community of the demo district into an empty delegates database.
import { type DemoScale, demoTree, Random, roomIdOf } from "@grassroots/demo-district";
import type { Logger } from "@grassroots/platform";
import type { DelegatesPrisma } from "./prisma";

export function seedDelegates(scale: DemoScale) {
  return async (prisma: DelegatesPrisma, _database: unknown, logger: Logger) => {
    if ((await prisma.delegateRoom.count()) > 0) return;
    const { communities } = demoTree(scale);
    const rooms = communities.map((community) => {
      const random = new Random(`room-address:${community.code}`);
      return {
        id: roomIdOf(community.code),
        name: `${community.name} Delegate Room`,
        placeCode: community.code,
        address: `Ground floor, No. ${random.int(1, 40)}, ${community.name.replace(/ Community \d+$/, "")}`,
      };
    });
    await prisma.delegateRoom.createMany({ data: rooms });
    logger.info({ rooms: rooms.length }, "seeded the demo district's delegate rooms");
  };
}
