// Visits (走访, 接待): one contact with a resident as the visit diary (民情日记) records it. A visit
// belongs to a place (the household's block; a walk-in's is the room's place) that decides who
// reads it: whoever serves that place. What the resident said, and a walk-in's name and phone, are
// personal data: in full for those who serve the place, withheld or masked for analysts.
import { maskName, maskPhone, personalValue } from "@grassroots/access";
import { codeProblem, levelOf } from "@grassroots/jurisdiction";
import {
  badUserInput,
  type ConnectionArgs,
  forbidden,
  isUuid,
  type PageWindow,
  pageWindow,
  parseUuid,
  resolveConnection,
} from "@grassroots/platform";
import type { VISIT_CATEGORIES, VISIT_CHANNELS } from "@grassroots/vocabulary";
import { builder } from "../builder";
import type { Context } from "../context";
import { Block, Household } from "../external";
import type { Prisma, Visit as VisitRow } from "../generated/prisma/client";
import { Delegate, RoomStaff } from "../room/delegate";
import { DelegateRoom } from "../room/room";
import { placeRange, visitScope } from "./access";
import { keyOfVisit, parseVisitKey } from "./loaders";

export const VisitChannelEnum = builder.enumType("VisitChannel", {
  values: {
    RECEPTION: { description: "Received in a delegate room (接待)." },
    HOME_VISIT: { description: "At the household's home (入户走访); has no room." },
    ONLINE: { description: "Through the room's online room." },
    HOTLINE: { description: "Through the room's hotline." },
  } satisfies Record<(typeof VISIT_CHANNELS)[number], { description: string }>,
});

export const VisitCategoryEnum = builder.enumType("VisitCategory", {
  description: "五必记, the five kinds a visit must be recorded under (Hunan), and OTHER.",
  values: {
    LIVING_DIFFICULTY: { description: "生活有困难." },
    DEVELOPMENT_DIFFICULTY: { description: "发展有困难: difficulty getting ahead (work, business, schooling)." },
    NEIGHBOUR_DISPUTE: { description: "邻里有纠纷." },
    OPINION_OR_SUGGESTION: { description: "有意见建议." },
    PETITION: { description: "有信访诉求." },
    OTHER: { description: "Anything else, including a routine visit with nothing to record." },
  } satisfies Record<(typeof VISIT_CATEGORIES)[number], { description: string }>,
});

/** How much of a visit's personal data the viewer gets; whoever logged it sees their own entry in full. */
function visitView(context: Context, visit: { placeCode: string; loggedBy: string }) {
  return context.access.viewer?.subject === visit.loggedBy ? "full" : context.access.personalData(visit.placeCode);
}

const readsPersonal = (visit: { placeCode: string; loggedBy: string }) => ({
  $any: { personalData: visit.placeCode, loggedBy: visit.loggedBy },
});

const WalkIn = builder.objectRef<{ name: string; phone: string; placeCode: string; loggedBy: string }>("WalkIn").implement({
  description: "An unregistered resident received at a room, recorded by name and phone.",
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: "Personal data (masked for analysts).",
      authScopes: readsPersonal,
      resolve: (walkIn, _args, context) => personalValue(visitView(context, walkIn), walkIn.name, maskName),
    }),
    phone: t.string({
      nullable: true,
      description: "Personal data (masked for analysts).",
      authScopes: readsPersonal,
      resolve: (walkIn, _args, context) => personalValue(visitView(context, walkIn), walkIn.phone, maskPhone),
    }),
  }),
});

export const Visit = builder.prismaObject("Visit", {
  description: "One contact with a resident, as the visit diary (民情日记) records it.",
  authScopes: (visit) => ({ $any: { servesBlock: visit.placeCode, loggedBy: visit.loggedBy } }),
  fields: (t) => ({
    id: t.exposeID("id"),
    channel: t.expose("channel", { type: VisitChannelEnum }),
    room: t.field({
      type: DelegateRoom,
      nullable: true,
      description: "Where the resident was received; null for a home visit.",
      resolve: (visit, _args, context) => (visit.roomId ? context.loaders.room.load(visit.roomId) : null),
    }),
    household: t.field({
      type: Household,
      nullable: true,
      description: "The household visited; null for an unregistered walk-in.",
      resolve: (visit) => (visit.householdId ? { id: visit.householdId } : null),
    }),
    walkIn: t.field({
      type: WalkIn,
      nullable: true,
      description: "An unregistered walk-in's name and phone; null for a household's visit.",
      resolve: (visit) =>
        visit.walkInName !== null && visit.walkInPhone !== null
          ? { name: visit.walkInName, phone: visit.walkInPhone, placeCode: visit.placeCode, loggedBy: visit.loggedBy }
          : null,
    }),
    placeCode: t.exposeID("placeCode", {
      description: "The place the visit belongs to: the household's block, or the room's place for a walk-in.",
    }),
    block: t.field({
      type: Block,
      nullable: true,
      description: "The household's block; null for a walk-in.",
      resolve: (visit) => (levelOf(visit.placeCode) === "BLOCK" ? { code: visit.placeCode } : null),
    }),
    loggedBy: t.exposeString("loggedBy", { description: "The account (token subject) of the staff member who logged it." }),
    loggedByStaff: t.field({
      type: RoomStaff,
      nullable: true,
      description: "The room staff member who logged it, when that account belongs to one.",
      resolve: (visit, _args, context) => context.loaders.staffOfAccount.load(visit.loggedBy),
    }),
    delegates: t.field({
      type: [Delegate],
      description: "Delegates present.",
      resolve: (visit, _args, context) => context.loaders.delegatesOfVisit.load(visit.id),
    }),
    category: t.expose("category", { type: VisitCategoryEnum }),
    summary: t.string({
      nullable: true,
      description: "What the resident raised and what was done: personal data, null for viewers who only get masked data.",
      authScopes: readsPersonal,
      resolve: (visit, _args, context) => (visitView(context, visit) === "full" ? visit.summary : null),
    }),
    followUpNeeded: t.exposeBoolean("followUpNeeded"),
    followedUp: t.boolean({
      description:
        "Whether a case raised from this visit has been recorded here (recordVisitFollowUp). The escalations " +
        "subgraph owns cases and this one cannot read them, so this is what the staff app reported.",
      resolve: async (visit, _args, context) => (await context.loaders.followUpsOfVisit.load(visit.id)).length > 0,
    }),
    followedUpAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the first case raised from this visit was recorded here.",
      resolve: async (visit, _args, context) => (await context.loaders.followUpsOfVisit.load(visit.id))[0]?.recordedAt ?? null,
    }),
    occurredAt: t.expose("occurredAt", {
      type: "DateTime",
      description: "When it happened, which may be hours before a phone could send it.",
    }),
    recordedAt: t.expose("recordedAt", { type: "DateTime", description: "When the server stored it." }),
  }),
});

builder.asEntity(Visit, {
  key: builder.selection<{ id: string }>("id"),
  resolveReference: ({ id }, context) => (isUuid(id) ? context.loaders.visit.load(id.toLowerCase()) : null),
});

/** A page of visits; resolveConnection's edges are typed `node: unknown`, so they are typed here. */
async function visitConnection(args: ConnectionArgs, load: (window: PageWindow) => Promise<VisitRow[]>) {
  const connection = await resolveConnection(args, keyOfVisit, load);
  return connection as typeof connection & { edges: readonly { cursor: string; node: VisitRow }[] };
}

/** Pages run from the start (first, after) or from the end (last, before); both sizes at once say neither. */
function oneDirection(args: ConnectionArgs) {
  if (args.first != null && args.last != null) {
    throw badUserInput("Give first (newest first) or last (oldest end), not both.", { field: "last" });
  }
}

const VisitFilter = builder.inputType("VisitFilter", {
  fields: (t) => ({
    scope: t.id({ description: "A jurisdiction code: visits belonging to that place or any place under it." }),
    roomId: t.id(),
    householdId: t.id(),
    channel: t.field({ type: VisitChannelEnum }),
    category: t.field({ type: VisitCategoryEnum }),
    followUpNeeded: t.boolean(),
    followedUp: t.boolean({
      description:
        "Whether a case raised from the visit was recorded with recordVisitFollowUp. `followUpNeeded: true, " +
        "followedUp: false` lists visits still waiting for a case, for dashboards. The escalations subgraph owns " +
        "cases and this subgraph cannot read its database, so a case raised but not reported here still counts as " +
        "waiting.",
    }),
    occurredFrom: t.field({ type: "DateTime", description: "On or after this instant." }),
    occurredBefore: t.field({ type: "DateTime", description: "Before this instant." }),
  }),
});

function uuidOrThrow(value: string | number | null | undefined, field: string) {
  return value == null ? undefined : parseUuid(String(value), field);
}

builder.queryFields((t) => ({
  visits: t.connection({
    type: Visit,
    description:
      "Visits you may read, newest first (occurredAt, then id); pages of at most 100. Page forward with first and " +
      "after, back with last and before (not first and last together).",
    args: { filter: t.arg({ type: VisitFilter }) },
    authScopes: (_root, { filter }) =>
      filter?.scope ? { $all: { readVisits: true, readPlace: String(filter.scope) } } : { readVisits: true },
    resolve: async (_root, args, context) => {
      oneDirection(args);
      const filter = args.filter ?? {};
      const scope = filter.scope == null ? null : String(filter.scope);
      const problem = scope === null ? null : codeProblem(scope);
      if (problem) throw badUserInput(problem, { field: "filter.scope" });
      const own = visitScope(context.access);
      if (own === undefined) throw forbidden();
      const conditions: Prisma.VisitWhereInput[] = [];
      if (own !== null) conditions.push({ placeCode: placeRange(own) });
      if (scope !== null) conditions.push({ placeCode: placeRange(scope) });
      const roomId = uuidOrThrow(filter.roomId, "filter.roomId");
      const householdId = uuidOrThrow(filter.householdId, "filter.householdId");
      if (roomId) conditions.push({ roomId });
      if (householdId) conditions.push({ householdId });
      if (filter.channel) conditions.push({ channel: filter.channel });
      if (filter.category) conditions.push({ category: filter.category });
      if (filter.followUpNeeded != null) conditions.push({ followUpNeeded: filter.followUpNeeded });
      if (filter.followedUp != null) conditions.push({ followUps: filter.followedUp ? { some: {} } : { none: {} } });
      if (filter.occurredFrom) conditions.push({ occurredAt: { gte: filter.occurredFrom } });
      if (filter.occurredBefore) conditions.push({ occurredAt: { lt: filter.occurredBefore } });
      return visitConnection(args, async (window) => {
        // Newest first: "after" a visit is older, "before" it newer.
        const after = parseVisitKey(window.after, "after");
        const before = parseVisitKey(window.before, "before");
        const page = [...conditions];
        if (after) {
          page.push({ OR: [{ occurredAt: { lt: after.occurredAt } }, { occurredAt: after.occurredAt, id: { lt: after.id } }] });
        }
        if (before) {
          page.push({
            OR: [{ occurredAt: { gt: before.occurredAt } }, { occurredAt: before.occurredAt, id: { gt: before.id } }],
          });
        }
        const direction = window.inverted ? "asc" : "desc";
        return context.prisma.visit.findMany({
          where: { AND: page },
          orderBy: [{ occurredAt: direction }, { id: direction }],
          take: window.limit,
        });
      });
    },
  }),
  visit: t.field({
    type: Visit,
    nullable: true,
    description: "A visit you may read. Absent and hidden look the same: null and FORBIDDEN.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const visit = await context.loaders.visit.load(parseUuid(String(id)));
      if (!visit && !context.access.isAdmin) throw forbidden();
      return visit;
    },
  }),
}));

builder.objectField(Household, "visits", (t) =>
  t.connection({
    type: Visit,
    nullable: true,
    description:
      "The household's visits that you may read (those belonging to your place), newest first; pages of at most 100, " +
      "forward with first and after, back with last and before. " +
      "One statement for all households asked at once.",
    authScopes: { readVisits: true },
    resolve: (household, args, context) => {
      oneDirection(args);
      const window = pageWindow(args);
      return visitConnection(args, async () =>
        isUuid(household.id) ? context.loaders.householdVisits(window).load(household.id.toLowerCase()) : [],
      );
    },
  }),
);
