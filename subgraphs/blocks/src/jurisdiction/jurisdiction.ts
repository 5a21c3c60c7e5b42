// The jurisdiction tree: District → Street → Community → Block, each keyed by its hierarchical code.
import { LEVELS, type Level, levelOf, parentOf, TYPENAME_OF_LEVEL } from "@grassroots/jurisdiction";
import { builder } from "../builder";
import { readPlace, visibleChildren } from "./access";
import { checkCode } from "./codes";
import { loadPlace, type PlaceShape } from "./loaders";

const LevelEnum = builder.enumType("JurisdictionLevel", {
  description: "区 district, 街道/镇 street or township, 社区/村 community or village, 块区 block.",
  values: LEVELS,
});

export const Jurisdiction = builder.interfaceRef<PlaceShape>("Jurisdiction");
Jurisdiction.implement({
  description: "Any place in the tree. Its code carries its path: every ancestor's code is a prefix of it.",
  resolveType: (place) => TYPENAME_OF_LEVEL[levelOf(place.code) as Level],
  fields: (t) => ({
    code: t.exposeID("code", { description: "6 digits for a district, +3 per level below." }),
    name: t.exposeString("name"),
    level: t.field({ type: LevelEnum, resolve: (place) => levelOf(place.code) as Level }),
    parent: t.field({
      type: Jurisdiction,
      nullable: true,
      description: "The place one level up; null for a district.",
      resolve: (place, _args, context) => {
        const parent = parentOf(place.code);
        return parent ? loadPlace(context.loaders, parent) : null;
      },
    }),
  }),
});

export const District = builder.prismaObject("District", {
  interfaces: [Jurisdiction],
  authScopes: readPlace,
  fields: (t) => ({
    streets: t.relation("streets", { query: (_args, context) => visibleChildren(context.access) }),
    departments: t.relation("departments", { query: { orderBy: { id: "asc" } } }),
  }),
});

export const Street = builder.prismaObject("Street", {
  interfaces: [Jurisdiction],
  authScopes: readPlace,
  fields: (t) => ({
    district: t.relation("district"),
    communities: t.relation("communities", { query: (_args, context) => visibleChildren(context.access) }),
  }),
});

export const Community = builder.prismaObject("Community", {
  interfaces: [Jurisdiction],
  authScopes: readPlace,
  fields: (t) => ({
    street: t.relation("street"),
    blocks: t.relation("blocks", { query: (_args, context) => visibleChildren(context.access) }),
  }),
});

export const Block = builder.prismaObject("Block", {
  interfaces: [Jurisdiction],
  authScopes: readPlace,
  fields: (t) => ({
    community: t.relation("community"),
    team: t.relation("teamMembers", {
      description: "The block's fixed service team (块区服务团队), cadre and liaison first.",
      query: { orderBy: [{ role: "asc" }, { name: "asc" }, { id: "asc" }] },
    }),
  }),
});

const key = builder.selection<{ code: string }>("code");
builder.asEntity(District, { key, resolveReference: ({ code }, context) => context.loaders.district.load(code) });
builder.asEntity(Street, { key, resolveReference: ({ code }, context) => context.loaders.street.load(code) });
builder.asEntity(Community, { key, resolveReference: ({ code }, context) => context.loaders.community.load(code) });
builder.asEntity(Block, { key, resolveReference: ({ code }, context) => context.loaders.block.load(code) });

builder.queryFields((t) => ({
  district: t.prismaField({
    type: "District",
    nullable: true,
    description: "A district by its 6-digit code; null when there is none.",
    args: { code: t.arg.id({ required: true }) },
    resolve: (query, _root, { code }, context) => {
      checkCode(String(code), "DISTRICT");
      return context.prisma.district.findUnique({ ...query, where: { code: String(code) } });
    },
  }),
  block: t.prismaField({
    type: "Block",
    nullable: true,
    description: "A block by its 15-digit code; null when there is none.",
    args: { code: t.arg.id({ required: true }) },
    resolve: (query, _root, { code }, context) => {
      checkCode(String(code), "BLOCK");
      return context.prisma.block.findUnique({ ...query, where: { code: String(code) } });
    },
  }),
  jurisdiction: t.field({
    type: Jurisdiction,
    nullable: true,
    description: "Any place by its code, whatever its level; null when there is none.",
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, { code }, context) => {
      checkCode(String(code));
      return loadPlace(context.loaders, String(code));
    },
  }),
}));
