// Households (户) and the residents living in them.
import { NEED_CATEGORIES } from "@grassroots/demo-district";
import { isUuid, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import { Block } from "./external";

const NeedCategory = builder.enumType("NeedCategory", {
  description: "困难群众 categories a household may be listed under.",
  values: [...NEED_CATEGORIES, "OTHER"] as const,
});

export const Household = builder.prismaObject("Household", {
  fields: (t) => ({
    id: t.exposeID("id"),
    block: t.field({ type: Block, resolve: (household) => ({ code: household.blockCode }) }),
    address: t.exposeString("address", { description: "Personal data: the exact address." }),
    size: t.exposeInt("size", { description: "Number of people in the household." }),
    needs: t.expose("needs", { type: [NeedCategory] }),
    contactPhone: t.exposeString("contactPhone", { nullable: true, description: "Personal data." }),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    residents: t.relation("residents", { query: { orderBy: [{ isHead: "desc" }, { id: "asc" }] } }),
  }),
});

builder.prismaObject("Resident", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name", { description: "Personal data." }),
    idNumber: t.exposeString("idNumber", { nullable: true, description: "Personal data: identity card number." }),
    birthYear: t.exposeInt("birthYear"),
    isHead: t.exposeBoolean("isHead", { description: "Whether this is the head of the household (户主)." }),
    household: t.relation("household"),
  }),
});

builder.asEntity(Household, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => (isUuid(id) ? context.loaders.household.load(id.toLowerCase()) : null),
});

builder.queryFields((t) => ({
  household: t.prismaField({
    type: "Household",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, context) =>
      context.prisma.household.findUnique({ ...query, where: { id: parseUuid(String(id)) } }),
  }),
}));
