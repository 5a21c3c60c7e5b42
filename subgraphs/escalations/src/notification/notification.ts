// The inbox in the graph: myNotifications (newest first, with an unread count), markNotificationsRead,
// and deliverNotifications, by which other subgraphs' outbox relays deliver (never offered by the
// gateway: @inaccessible, and only for service tokens).
import { badUserInput, forbidden, isUuid, parseUuid, resolveConnection, unauthenticated } from "@grassroots/platform";
import { NOTIFICATION_KINDS } from "@grassroots/vocabulary";
import { builder } from "../builder";
import { CaseCategory, Tier } from "../case/case";
import type { Context } from "../context";
import { inboxOf } from "./access";
import { acceptDeliveries, inboxPage, markRead, type NotificationRow, unreadCount } from "./rules";
import { summaryOf } from "./summary";

export const NotificationKind = builder.enumType("NotificationKind", {
  description: "What a notification tells: see docs/notifications.md.",
  values: NOTIFICATION_KINDS,
});

const dataOf = (row: NotificationRow) => row.data as Record<string, string | boolean | null | undefined>;

const Notification = builder.objectRef<NotificationRow>("Notification").implement({
  description: "Something that needs you, addressed to your role and place (or to you). Ids and places, never personal data.",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: NotificationKind, resolve: (row) => row.kind as (typeof NOTIFICATION_KINDS)[number] }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
    read: t.exposeBoolean("read", { description: "Whether you (this token's subject) marked it read." }),
    summary: t.string({ description: "One line in English, made of the kind, ids and places.", resolve: summaryOf }),
    caseId: t.exposeID("caseId", { nullable: true }),
    pairingId: t.exposeID("pairingId", { nullable: true }),
    partnerId: t.exposeID("partnerId", { nullable: true }),
    placeCode: t.exposeID("placeCode", { nullable: true, description: "The block, community or street it concerns." }),
    tier: t.field({
      type: Tier,
      nullable: true,
      resolve: (row) => (dataOf(row).tier as "BLOCK" | "COMMUNITY" | "STREET" | "DEPARTMENT" | undefined) ?? null,
    }),
    category: t.field({
      type: CaseCategory,
      nullable: true,
      resolve: (row) => (dataOf(row).category as never) ?? null,
    }),
    dueAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "The deadline it is about (a reminder's), or the case's new one (an arrival's).",
      resolve: (row) => {
        const due = dataOf(row).dueAt;
        return typeof due === "string" ? new Date(due) : null;
      },
    }),
  }),
});

function callerInbox(context: Context) {
  const where = inboxOf(context.access);
  const subject = context.access.viewer?.subject;
  if (!where || !subject) throw unauthenticated();
  return { where, subject };
}

/** A notification's place in the inbox (newest first): when it happened, then its id. */
const keyOf = (row: NotificationRow) => `${row.occurredAt.toISOString()}|${row.id}`;

function parseKey(key: string) {
  const [at, id] = key.split("|");
  const occurredAt = new Date(at ?? "");
  if (!id || !isUuid(id) || Number.isNaN(occurredAt.getTime())) {
    throw badUserInput(`"after" is not a cursor this API returned.`, { field: "after" });
  }
  return { occurredAt, id };
}

builder.queryFields((t) => ({
  myNotifications: t.connection(
    {
      type: Notification,
      description: "What is addressed to your role and place, or to you: newest first, pages of at most 100 (first/after).",
      args: { unreadOnly: t.arg.boolean({ defaultValue: false }) },
      resolve: async (_root, args, context) => {
        if (args.last != null || args.before) {
          throw badUserInput("Page notifications forwards, with first and after.", {
            field: args.last != null ? "last" : "before",
          });
        }
        const { where, subject } = callerInbox(context);
        const connection = await resolveConnection(args, keyOf, ({ after, limit }) =>
          inboxPage(context.prisma, where, subject, {
            after: after ? parseKey(after) : null,
            limit,
            unreadOnly: args.unreadOnly ?? false,
          }),
        );
        // resolveConnection keeps the nodes load returned: notifications.
        return { ...connection, edges: connection.edges as { cursor: string; node: NotificationRow }[] };
      },
    },
    {
      fields: (t) => ({
        unreadCount: t.int({
          description: "Unread notifications in your whole inbox, not only this page.",
          resolve: (_connection, _args, context) => {
            const { where, subject } = callerInbox(context);
            return unreadCount(context.prisma, where, subject);
          },
        }),
      }),
    },
  ),
}));

const MarkNotificationsReadResult = builder
  .objectRef<{ marked: number; unreadCount: number }>("MarkNotificationsReadResult")
  .implement({
    fields: (t) => ({
      marked: t.exposeInt("marked", { description: "Of the ids given, those in your inbox not read before." }),
      unreadCount: t.exposeInt("unreadCount"),
    }),
  });

const NotificationDelivery = builder.inputType("NotificationDelivery", {
  inaccessible: true,
  fields: (t) => ({
    outboxId: t.id({ required: true }),
    kind: t.field({ type: NotificationKind, required: true }),
    audienceRole: t.string({ required: true }),
    audienceScope: t.string({ required: true }),
    occurredAt: t.field({ type: "DateTime", required: true }),
    pairingId: t.id(),
    partnerId: t.id(),
    placeCode: t.id(),
    data: t.string({ description: "A JSON object of ids, places and times." }),
  }),
});

builder.mutationFields((t) => ({
  markNotificationsRead: t.field({
    type: MarkNotificationsReadResult,
    description: "Marks these notifications of your inbox read, for you (others who share your role keep their own).",
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, context) => {
      if (ids.length > 100) throw badUserInput("Mark at most 100 notifications at once.", { field: "ids" });
      const { where, subject } = callerInbox(context);
      const valid = ids.map(String).filter(isUuid);
      const marked = valid.length ? await markRead(context.prisma, where, subject, valid) : 0;
      return { marked, unreadCount: await unreadCount(context.prisma, where, subject) };
    },
  }),
  deliverNotifications: t.idList({
    inaccessible: true,
    description: "An outbox relay's batch (internal): answers the outbox ids now held; sending one again adds nothing.",
    args: {
      source: t.arg.string({ required: true }),
      notifications: t.arg({ type: [NotificationDelivery], required: true }),
    },
    resolve: async (_root, { source, notifications }, context) => {
      // Only the deployment's own services deliver (an outbox relay, through the internal address).
      if (!context.access.isService) throw forbidden();
      if (!/^[a-z]{1,40}$/.test(source)) throw badUserInput("A source is a subgraph's name.", { field: "source" });
      if (notifications.length > 500) throw badUserInput("At most 500 notifications at once.", { field: "notifications" });
      const deliveries = notifications.map((item) => ({
        outboxId: parseUuid(String(item.outboxId), "outboxId"),
        kind: item.kind,
        audienceRole: item.audienceRole,
        audienceScope: item.audienceScope,
        occurredAt: item.occurredAt,
        pairingId: item.pairingId ? parseUuid(String(item.pairingId), "pairingId") : null,
        partnerId: item.partnerId ? parseUuid(String(item.partnerId), "partnerId") : null,
        placeCode: item.placeCode ? String(item.placeCode) : null,
        data: parseData(item.data),
      }));
      return acceptDeliveries(context.prisma, source, deliveries);
    },
  }),
}));

function parseData(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  throw badUserInput("data is a JSON object.", { field: "data" });
}
