// Households (户) and the residents living in them. Names, phone numbers, identity numbers and exact
// addresses are personal data: in full for those who serve the household, masked for analysts,
// withheld (null and FORBIDDEN) from everyone else.
import { maskAddress, maskIdNumber, maskName, maskPhone, personalValue } from "@grassroots/access";
import { absentAsForbidden, isUuid, parseUuid } from "@grassroots/platform";
import { NEED_CATEGORIES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import type { Context } from "../context";
import { Block } from "../external";

export const NeedCategory = builder.enumType("NeedCategory", {
  description: "困难群众 categories a household may be listed under.",
  values: [...NEED_CATEGORIES, "OTHER"] as const,
});

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
    residents: t.relation("residents", { query: { orderBy: [{ isHead: "desc" }, { id: "asc" }] } }),
  }),
});

// A resident is only reached through their household, which is checked first; the household's
// block decides how much of the resident's personal data shows.
const householdBlock = { household: { select: { blockCode: true } } } as const;

builder.prismaObject("Resident", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.string({
      nullable: true,
      description: "Personal data.",
      select: householdBlock,
      authScopes: (resident) => ({ personalData: resident.household.blockCode }),
      resolve: (resident, _args, context) => personal(context, resident.household.blockCode, resident.name, maskName),
    }),
    idNumber: t.string({
      nullable: true,
      description: "Personal data: identity card number.",
      select: householdBlock,
      authScopes: (resident) => ({ personalData: resident.household.blockCode }),
      resolve: (resident, _args, context) => personal(context, resident.household.blockCode, resident.idNumber, maskIdNumber),
    }),
    birthYear: t.exposeInt("birthYear"),
    isHead: t.exposeBoolean("isHead", { description: "Whether this is the head of the household (户主)." }),
    household: t.relation("household"),
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
