// A block's households, page by page: one statement per page shape for all blocks asked at once.
import { pageWindow } from "@grassroots/platform";
import { builder } from "../builder";
import { Block } from "../external";
import { connectionById, idWindow } from "../input";
import { Household } from "./household";

builder.objectField(Block, "households", (t) =>
  t.connection({
    type: Household,
    description: "The block's households in a stable order; pages of at most 100. For those who serve the block.",
    nullable: true,
    authScopes: (block) => ({ servesBlock: block.code }),
    resolve: (block, args, context) => {
      const page = context.loaders.householdPage(idWindow(pageWindow(args)));
      return connectionById(args, () => page.load(block.code));
    },
  }),
);
