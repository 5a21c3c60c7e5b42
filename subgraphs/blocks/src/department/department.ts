// District functional departments (区政府职能部门): the top tier of the chain, chosen by category.

import { absentAsForbidden } from "@grassroots/platform";
import { CASE_CATEGORIES } from "@grassroots/vocabulary";
import { builder } from "../builder";
import { checkCode } from "../jurisdiction/codes";
import { readDepartment } from "./access";

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
  resolveReference: ({ id }, context) => context.loaders.department.load(id),
});

builder.queryFields((t) => ({
  department: t.prismaField({
    type: "Department",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: "A department you may see. Absent and hidden look the same: null and FORBIDDEN.",
    resolve: async (query, _root, { id }, context) =>
      absentAsForbidden(
        await context.prisma.department.findUnique({ ...query, where: { id: String(id) } }),
        context.access.isAdmin,
      ),
  }),
  departmentFor: t.prismaField({
    type: "Department",
    nullable: true,
    description: "The department of a district that receives cases of a category at the top tier.",
    args: { districtCode: t.arg.id({ required: true }), category: t.arg({ type: CaseCategory, required: true }) },
    resolve: async (query, _root, { districtCode, category }, context) => {
      checkCode(String(districtCode), "DISTRICT", "districtCode");
      const route = await context.prisma.departmentCategory.findUnique({
        where: { districtCode_category: { districtCode: String(districtCode), category } },
        select: { department: query },
      });
      return route?.department ?? null;
    },
  }),
}));
