// Cases (民情事项): what a resident raised, where it now waits in the four-tier chain. The workflow
// (accept, escalate, transfer, resolve, revisit) arrives with the escalation-chain issue.
import { CASE_CATEGORIES } from "@grassroots/demo-district";
import { forbidden, parseUuid } from "@grassroots/platform";
import { builder } from "../builder";
import { Block, Household } from "./external";

const Tier = builder.enumType("Tier", {
  description: "The four-tier chain (四级联动): block → community → street → district department.",
  values: ["BLOCK", "COMMUNITY", "STREET", "DEPARTMENT"] as const,
});
const CaseStatus = builder.enumType("CaseStatus", {
  values: ["OPEN", "ACCEPTED", "RESOLVED", "CLOSED", "WITHDRAWN"] as const,
});
const CaseCategory = builder.enumType("CaseCategory", {
  description: "What a case is about; at the district tier it decides which department receives it.",
  values: CASE_CATEGORIES,
});

const Case = builder.prismaObject("Case", {
  // Cases concern residents: for whoever serves the block (analysts included, without the text).
  authScopes: (c) => ({ servesBlock: c.blockCode }),
  fields: (t) => ({
    id: t.exposeID("id"),
    block: t.field({ type: Block, resolve: (c) => ({ code: c.blockCode }) }),
    household: t.field({
      type: Household,
      nullable: true,
      resolve: (c) => (c.householdId ? { id: c.householdId } : null),
    }),
    category: t.field({ type: CaseCategory, resolve: (c) => c.category as (typeof CASE_CATEGORIES)[number] }),
    description: t.string({
      nullable: true,
      description: "What the resident raised, in their words: personal data, null for viewers who only get masked data.",
      authScopes: (c) => ({ personalData: c.blockCode }),
      resolve: (c, _args, context) => (context.access.personalData(c.blockCode) === "full" ? c.description : null),
    }),
    tier: t.expose("tier", { type: Tier }),
    status: t.expose("status", { type: CaseStatus }),
    raisedAt: t.expose("raisedAt", { type: "DateTime" }),
    version: t.exposeInt("version", { description: "Optimistic-concurrency version; every transition increments it." }),
  }),
});

builder.asEntity(Case, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => context.loaders.case.load(id),
});

builder.queryFields((t) => ({
  case: t.prismaField({
    type: "Case",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    description: "A case you may see. Absent and hidden look the same: null and FORBIDDEN.",
    resolve: async (query, _root, { id }, context) => {
      const found = await context.prisma.case.findUnique({ ...query, where: { id: parseUuid(String(id)) } });
      if (!found && !context.access.isAdmin) throw forbidden();
      return found;
    },
  }),
}));
