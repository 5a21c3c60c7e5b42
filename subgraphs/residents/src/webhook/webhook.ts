// Partners' webhooks in the graph: registerWebhook (the secret shown once), disableWebhook,
// myWebhooks and the delivery log, webhookDeliveries. Only the partner itself (src/webhook/access.ts).
import { badUserInput, isUuid, parseUuid, resolveConnection } from "@grassroots/platform";
import { NOTIFICATION_KINDS } from "@grassroots/vocabulary";
import { builder } from "../builder";
import type { WebhookDelivery as DeliveryRow, Webhook as WebhookRow } from "../generated/prisma/client";
import { webhookOwner } from "./access";
import { checkWebhookUrl, disableWebhook, registerWebhook } from "./rules";

const NotificationKind = builder.enumType("NotificationKind", {
  description: "What a notification tells: see docs/notifications.md.",
  values: NOTIFICATION_KINDS,
});

const Webhook = builder.objectRef<WebhookRow>("Webhook").implement({
  description: "Where a partner organisation receives what is addressed to it, signed (docs/notifications.md).",
  fields: (t) => ({
    id: t.exposeID("id"),
    url: t.exposeString("url"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    active: t.boolean({ resolve: (webhook) => webhook.disabledAt === null }),
  }),
});

const RegisteredWebhook = builder.objectRef<{ webhook: WebhookRow; secret: string }>("RegisteredWebhook").implement({
  fields: (t) => ({
    webhook: t.field({ type: Webhook, resolve: (registered) => registered.webhook }),
    secret: t.exposeString("secret", {
      description: "The key of the HMAC-SHA256 signatures: shown now and never again; keep it secret.",
    }),
  }),
});

const WebhookDeliveryStatus = builder.enumType("WebhookDeliveryStatus", {
  values: ["PENDING", "DELIVERED", "FAILED"] as const,
});

type DeliveryWithEvent = DeliveryRow & { event: { kind: string } };

const WebhookDelivery = builder.objectRef<DeliveryWithEvent>("WebhookDelivery").implement({
  description: "One event's delivery to one of your webhooks: the log of its attempts.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Sent as the grassroots-delivery-id header." }),
    webhookId: t.exposeID("webhookId"),
    eventId: t.exposeID("eventId", { description: "Sent as the body's id: the same on every attempt." }),
    eventKind: t.field({ type: NotificationKind, resolve: (delivery) => delivery.event.kind as never }),
    status: t.expose("status", { type: WebhookDeliveryStatus }),
    attempts: t.exposeInt("attempts"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastAttemptAt: t.expose("lastAttemptAt", { type: "DateTime", nullable: true }),
    lastStatusCode: t.exposeInt("lastStatusCode", {
      nullable: true,
      description: "Your server's last answer; null: none in time.",
    }),
    lastError: t.exposeString("lastError", { nullable: true }),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      resolve: (delivery) => (delivery.status === "PENDING" ? delivery.nextAttemptAt : null),
    }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
  }),
});

const deliveryKey = (delivery: DeliveryRow) => `${delivery.createdAt.toISOString()}|${delivery.id}`;

function parseDeliveryKey(key: string) {
  const [at, id] = key.split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw badUserInput(`"after" is not a cursor this API returned.`, { field: "after" });
  }
  return { createdAt, id };
}

builder.queryFields((t) => ({
  myWebhooks: t.field({
    type: [Webhook],
    description: "Your organisation's webhooks (partners only).",
    resolve: (_root, _args, context) =>
      context.prisma.webhook.findMany({ where: { partnerId: webhookOwner(context.access) }, orderBy: { createdAt: "asc" } }),
  }),
  webhookDeliveries: t.connection({
    type: WebhookDelivery,
    description:
      "Your organisation's webhook deliveries, newest first (partners only): pages of at most 100 (first/after). A finished delivery is kept OUTBOX_RETENTION_DAYS after it was made (90 days by default); a pending one until it is finished.",
    resolve: async (_root, args, context) => {
      const partnerId = webhookOwner(context.access);
      if (args.last != null || args.before) {
        throw badUserInput("Page deliveries forwards, with first and after.", { field: args.last != null ? "last" : "before" });
      }
      const connection = await resolveConnection(args, deliveryKey, ({ after, limit }) => {
        const from = after ? parseDeliveryKey(after) : null;
        return context.prisma.webhookDelivery.findMany({
          where: {
            partnerId,
            ...(from && {
              OR: [{ createdAt: { lt: from.createdAt } }, { createdAt: from.createdAt, id: { lt: from.id } }],
            }),
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: limit,
          include: { event: { select: { kind: true } } },
        });
      });
      // resolveConnection keeps the nodes load returned: deliveries with their event's kind.
      return { ...connection, edges: connection.edges as { cursor: string; node: DeliveryWithEvent }[] };
    },
  }),
}));

builder.mutationFields((t) => ({
  registerWebhook: t.field({
    type: RegisteredWebhook,
    description:
      "Your organisation receives what is addressed to it at this URL (https; http://127.0.0.1 outside production), signed with the secret answered once.",
    args: { url: t.arg.string({ required: true }) },
    resolve: (_root, { url }, context) => {
      const partnerId = webhookOwner(context.access);
      const checked = checkWebhookUrl(url, context.settings.webhooks);
      return registerWebhook(context.prisma, partnerId, checked, context.access.viewer!.subject, context.settings.webhooks);
    },
  }),
  disableWebhook: t.field({
    type: Webhook,
    nullable: true,
    description: "Stops deliveries to one of your webhooks; those still pending are given up.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const partnerId = webhookOwner(context.access);
      const webhook = await disableWebhook(context.prisma, partnerId, parseUuid(String(id)));
      if (!webhook) throw badUserInput("None of your webhooks has this id.", { field: "id" });
      return webhook;
    },
  }),
}));
