// District functional departments (区政府职能部门): the top tier of the chain, chosen by category.

import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import { hidden, placeArgument } from "../jurisdiction/access";
import { departmentKeyAnswer, readDepartment } from "./access";
import { checkDepartmentId } from "./ids";

export const CaseCategory = builder.enumType("CaseCategory", {
  description: "What a case is about; at the district tier it decides which department receives it.",
  values: CASE_CATEGORIES,
});

const Department = builder.prismaObject("Department", {
  authScopes: readDepartment,
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    district: t.relation("district"),
    categories: t.field({
      type: [CaseCategory],
      select: { categories: { select: { category: true }, orderBy: { category: "asc" } } },
      resolve: (department) => department.categories.map(({ category }) => category),
    }),
  }),
});

builder.asEntity(Department, {
  key: builder.selection<{ id: string }>("id"),
  // Async, so that a hidden one is an error of its own item, not of the whole _entities list.
  resolveReference: async ({ id }, context) => {
    const answer = departmentKeyAnswer(context.access, id);
    if (answer === "hidden") throw hidden(context);
    return answer === "look up" ? context.loaders.department.load(id) : null;
  },
});

builder.queryFields((t) => ({
  department: t.prismaField({
    type: "Department",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description:
      "A department by its id (e.g. 310105-civil): of a district you may see, null when there is none; of any other, null and FORBIDDEN whether or not it exists.",
    resolve: (query, _root, { id }, context) => {
      if (!context.access.canReadPlace(checkDepartmentId(String(id)))) throw hidden(context);
      return context.prisma.department.findUnique({ ...query, where: { id: String(id) } });
    },
  }),
  departmentFor: t.prismaField({
    type: "Department",
    nullable: true,
    description:
      "The department of a district that receives cases of a category at the top tier; for a district you may not see, null and FORBIDDEN whether or not it exists.",
    args: { districtCode: t.arg.id({ required: true }), category: t.arg({ type: CaseCategory, required: true }) },
    resolve: async (query, _root, { districtCode, category }, context) => {
      const district = placeArgument(context, String(districtCode), "DISTRICT", "districtCode");
      const route = await context.prisma.departmentCategory.findUnique({
        where: { districtCode_category: { districtCode: district, category } },
        select: { department: query },
      });
      return route?.department ?? null;
    },
  }),
}));
