// Households (户) and the residents living in them. Names, phone numbers, identity numbers and exact
// addresses are personal data: in full for those who serve the household, masked for analysts,
// withheld (null and FORBIDDEN) from everyone else.
import { maskAddress, maskIdNumber, maskName, maskPhone, personalValue } from "@grassroots/access";
import { absentAsForbidden, isUuid, parseUuid } from "@grassroots/platform";
import { NEED_CATEGORIES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import type { Context } from "../context";
import { Block } from "../external";
import type { Resident } from "../generated/prisma/client";

export const NeedCategory = builder.enumType("NeedCategory", {
  description: "困难群众 categories a household may be listed under.",
  values: [...NEED_CATEGORIES, "OTHER"] as const,
});

/**
 * A resident is only reached through their household, which is checked first; it carries the
 * household's block, which decides how much of the resident's personal data shows.
 */
type ResidentOfBlock = Resident & { blockCode: string };
const ResidentRef = builder.objectRef<ResidentOfBlock>("Resident");

/** The value as the viewer may see it: in full, masked, or not at all. */
function personal(context: Context, blockCode: string, value: string | null, mask: (value: string) => string) {
  return personalValue(context.access.personalData(blockCode), value, mask);
}

export const Household = builder.prismaObject("Household", {
  authScopes: (household) => ({ seeHousehold: household }),
  fields: (t) => ({
    id: t.exposeID("id"),
    block: t.field({ type: Block, resolve: (household) => ({ code: household.blockCode }) }),
    address: t.string({
      nullable: true,
      description: "Personal data: the exact address (masked to the lane for analysts).",
      authScopes: (household) => ({ personalData: household.blockCode }),
      resolve: (household, _args, context) => personal(context, household.blockCode, household.address, maskAddress),
    }),
    size: t.exposeInt("size", { description: "Number of people in the household." }),
    needs: t.expose("needs", { type: [NeedCategory] }),
    contactPhone: t.string({
      nullable: true,
      description: "Personal data.",
      authScopes: (household) => ({ personalData: household.blockCode }),
      resolve: (household, _args, context) => personal(context, household.blockCode, household.contactPhone, maskPhone),
    }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    // Batched by household (src/household/loaders.ts), not a Prisma relation: a relation the
    // household row was loaded without is fetched again row by row, household and all, which cost
    // seconds for a street's page of households.
    residents: t.field({
      type: [ResidentRef],
      resolve: async (household, _args, context) =>
        (await context.loaders.residentsOf.load(household.id)).map((resident) => ({
          ...resident,
          blockCode: household.blockCode,
        })),
    }),
  }),
});

ResidentRef.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.string({
      nullable: true,
      description: "Personal data.",
      authScopes: (resident) => ({ personalData: resident.blockCode }),
      resolve: (resident, _args, context) => personal(context, resident.blockCode, resident.name, maskName),
    }),
    idNumber: t.string({
      nullable: true,
      description: "Personal data: identity card number.",
      authScopes: (resident) => ({ personalData: resident.blockCode }),
      resolve: (resident, _args, context) => personal(context, resident.blockCode, resident.idNumber, maskIdNumber),
    }),
    birthYear: t.exposeInt("birthYear"),
    isHead: t.exposeBoolean("isHead", { description: "Whether this is the head of the household (户主)." }),
    household: t.field({
      type: Household,
      resolve: async (resident, _args, context) => {
        const household = await context.loaders.household.load(resident.householdId);
        // A resident's row refers to its household (a foreign key): absent, the database is broken.
        if (!household) throw new Error(`Resident ${resident.id} has no household ${resident.householdId}.`);
        return household;
      },
    }),
  }),
});

builder.asEntity(Household, {
  key: builder.selection<{ id: string }>("id"),
  // Absent answers like hidden (null and FORBIDDEN): a reference tells no one what exists.
  resolveReference: async ({ id }, context) =>
    absentAsForbidden(isUuid(id) ? await context.loaders.household.load(id.toLowerCase()) : null, context.access.isAdmin),
});

builder.queryFields((t) => ({
  household: t.prismaField({
    type: "Household",
    nullable: true,
    description: "A household you may see. Absent and hidden look the same: null and FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, context) => {
      return absentAsForbidden(
        await context.prisma.household.findUnique({ ...query, where: { id: parseUuid(String(id)) } }),
        context.access.isAdmin,
      );
    },
  }),
}));
