// The jurisdiction tree: District → Street → Community → Block, each keyed by its hierarchical code.
import { LEVELS, type Level, levelOf, parentOf, TYPENAME_OF_LEVEL } from "@grassroots/jurisdiction";
import { builder } from "../builder";
import type { Context } from "../context";
import { TeamMember } from "../team/team";
import { hidden, placeArgument, placeKeyAnswer, readPlace } from "./access";
import { loadPlace, type PlaceShape } from "./loaders";

export const LevelEnum = builder.enumType("JurisdictionLevel", {
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

export const District = builder.prismaObject("District", { interfaces: [Jurisdiction], authScopes: readPlace });
export const Street = builder.prismaObject("Street", { interfaces: [Jurisdiction], authScopes: readPlace });
export const Community = builder.prismaObject("Community", { interfaces: [Jurisdiction], authScopes: readPlace });
export const Block = builder.prismaObject("Block", { interfaces: [Jurisdiction], authScopes: readPlace });

// Up and down the tree through the per-request loaders: a level's places, however many, are one
// statement. Listings hold only the places the caller may read (createChildLoaders).
builder.prismaObjectFields(District, (t) => ({
  streets: t.field({ type: [Street], resolve: (district, _args, context) => context.loaders.streetsOf.load(district.code) }),
  departments: t.relation("departments", { query: { orderBy: { id: "asc" } } }),
}));
builder.prismaObjectFields(Street, (t) => ({
  district: t.field({
    type: District,
    resolve: (street, _args, context) => parentPlace(context.loaders.district, street.districtCode),
  }),
  communities: t.field({
    type: [Community],
    resolve: (street, _args, context) => context.loaders.communitiesOf.load(street.code),
  }),
}));
builder.prismaObjectFields(Community, (t) => ({
  street: t.field({
    type: Street,
    resolve: (community, _args, context) => parentPlace(context.loaders.street, community.streetCode),
  }),
  blocks: t.field({ type: [Block], resolve: (community, _args, context) => context.loaders.blocksOf.load(community.code) }),
}));
builder.prismaObjectFields(Block, (t) => ({
  community: t.field({
    type: Community,
    resolve: (block, _args, context) => parentPlace(context.loaders.community, block.communityCode),
  }),
  team: t.field({
    type: [TeamMember],
    description: "The block's fixed service team (块区服务团队), cadre and liaison first.",
    resolve: (block, _args, context) => context.loaders.teamOf.load(block.code),
  }),
}));

/**
 * A place's parent, one statement per level for all places asked. Places and their parents are
 * foreign keys of each other, so a missing parent is a broken database, not a caller's mistake.
 */
async function parentPlace<Row>(loader: { load(code: string): Promise<Row | null> }, code: string): Promise<Row> {
  const parent = await loader.load(code);
  if (!parent) throw new Error(`The place ${code} is referenced but not stored.`);
  return parent;
}

/** An entity representation's place: hidden outside the caller's scope whether or not it exists. Async, so that a
 * hidden one is an error of its own item, not of the whole _entities list. */
async function placeOfKey<Row>(context: Context, code: string, level: Level, load: (code: string) => Promise<Row | null>) {
  const answer = placeKeyAnswer(context.access, code, level);
  if (answer === "hidden") throw hidden(context);
  return answer === "look up" ? load(code) : null;
}

const key = builder.selection<{ code: string }>("code");
builder.asEntity(District, {
  key,
  resolveReference: ({ code }, context) => placeOfKey(context, code, "DISTRICT", (c) => context.loaders.district.load(c)),
});
builder.asEntity(Street, {
  key,
  resolveReference: ({ code }, context) => placeOfKey(context, code, "STREET", (c) => context.loaders.street.load(c)),
});
builder.asEntity(Community, {
  key,
  resolveReference: ({ code }, context) => placeOfKey(context, code, "COMMUNITY", (c) => context.loaders.community.load(c)),
});
builder.asEntity(Block, {
  key,
  resolveReference: ({ code }, context) => placeOfKey(context, code, "BLOCK", (c) => context.loaders.block.load(c)),
});

const ABSENT_OR_HIDDEN =
  "within what you may see, null when there is none; outside it, null and FORBIDDEN whether or not it exists.";

builder.queryFields((t) => ({
  district: t.field({
    type: District,
    nullable: true,
    description: `A district by its 6-digit code: ${ABSENT_OR_HIDDEN}`,
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, { code }, context) => context.loaders.district.load(placeArgument(context, String(code), "DISTRICT")),
  }),
  block: t.field({
    type: Block,
    nullable: true,
    description: `A block by its 15-digit code: ${ABSENT_OR_HIDDEN}`,
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, { code }, context) => context.loaders.block.load(placeArgument(context, String(code), "BLOCK")),
  }),
  jurisdiction: t.field({
    type: Jurisdiction,
    nullable: true,
    description: `Any place by its code, whatever its level: ${ABSENT_OR_HIDDEN}`,
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, { code }, context) => {
      return loadPlace(context.loaders, placeArgument(context, String(code)));
    },
  }),
}));
