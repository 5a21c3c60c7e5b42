// Delivers what is addressed to partners to their webhooks: signed POSTs, retried with exponential
// back-off up to a cap, each attempt recorded on its delivery (the log partners read). Replicas share
// the work: a batch is claimed with FOR UPDATE SKIP LOCKED and leased (next_attempt_at moves ahead)
// while it is sent, so a replica that dies mid-batch leaves it to be sent again when the lease ends.
// Receivers may see a delivery twice, then (documented): the event id is the same.

import { type Agent, fetch } from "undici";
import { webhookDeliveriesTotal } from "../outbox/metrics";
import type { ResidentsPrisma } from "../prisma";
import type { WebhookSettings } from "../settings";
import { addressProblem, ipLiteral, publicAddressesOnly } from "./address";
import { openWebhookSecret } from "./secret-box";
import { signatureHeader } from "./signature";

export interface WebhookRunOptions extends Omit<WebhookSettings, "perPartner"> {
  batchSize?: number;
  /** How long a claimed batch is left to this run before another may take it. */
  leaseMs?: number;
  /** Told of each webhook whose stored secret does not open with secretsKey (for the operators' log). */
  onUnopenedSecret?: (webhookId: string) => void;
}

interface Claimed {
  id: string;
  attempts: number;
  url: string;
  webhookId: string;
  /** As stored: sealed (secret-box.ts). */
  secret: string;
  eventId: string;
  kind: string;
  occurredAt: Date;
  partnerId: string | null;
  pairingId: string | null;
  placeCode: string | null;
  data: unknown;
}

/** The body partners receive: the event with ids and places (docs/notifications.md). */
export function webhookBody(event: Omit<Claimed, "id" | "attempts" | "url" | "webhookId" | "secret">): string {
  const { eventId, kind, occurredAt, partnerId, pairingId, placeCode, data } = event;
  return JSON.stringify({
    id: eventId,
    kind,
    occurredAt: new Date(occurredAt).toISOString(),
    partnerId,
    pairingId,
    placeCode,
    data,
  });
}

/** The wait before the next attempt after `attempts` failed ones: base × 2^(attempts − 1), capped, plus up to a quarter. */
export function retryDelayMs(
  attempts: number,
  settings: Pick<WebhookSettings, "retryBaseMs" | "retryMaxMs">,
  random = Math.random(),
) {
  const delay = Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempts - 1), settings.retryMaxMs);
  return Math.round(delay * (1 + random / 4));
}

async function claim(prisma: ResidentsPrisma, batchSize: number, leaseMs: number) {
  return prisma.$queryRaw<Claimed[]>`
    WITH claimed AS (
      UPDATE webhook_delivery d
      SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
      WHERE d.id IN (
        SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.attempts, d.webhook_id, d.event_id
    )
    SELECT claimed.id, claimed.attempts, webhook.url, webhook.id AS "webhookId", webhook.secret, event.id AS "eventId", event.kind,
      event.occurred_at AS "occurredAt", event.partner_id AS "partnerId", event.pairing_id AS "pairingId",
      event.place_code AS "placeCode", event.data
    FROM claimed JOIN webhook ON webhook.id = claimed.webhook_id JOIN outbox_event event ON event.id = claimed.event_id`;
}

// One pool of connections per setting, for the process's life (address.ts).
const dispatchers = new Map<boolean, Agent>();
function dispatcherFor(allowLoopback: boolean): Agent {
  let dispatcher = dispatchers.get(allowLoopback);
  if (!dispatcher) {
    dispatcher = publicAddressesOnly(allowLoopback);
    dispatchers.set(allowLoopback, dispatcher);
  }
  return dispatcher;
}

async function send(
  delivery: Claimed,
  {
    timeoutMs,
    allowLocalHttp: allowLoopback,
    secretsKey,
    onUnopenedSecret,
  }: Pick<WebhookRunOptions, "timeoutMs" | "allowLocalHttp" | "secretsKey" | "onUnopenedSecret">,
): Promise<{ status: number | null; error: string | null }> {
  const body = webhookBody(delivery);
  let secret: string;
  try {
    secret = await openWebhookSecret(secretsKey, delivery.webhookId, delivery.secret);
  } catch {
    // Never sent unsigned, nor signed with anything but its own secret; the operators are told.
    onUnopenedSecret?.(delivery.webhookId);
    return {
      status: null,
      error: "not sent: the webhook's secret cannot be opened here (the server's WEBHOOK_SECRETS_KEY changed)",
    };
  }
  // A host written as an IP address is never looked up, so it is checked here.
  const literal = ipLiteral(new URL(delivery.url).hostname);
  const refused = literal && addressProblem(literal, allowLoopback);
  if (refused) return { status: null, error: `refused: ${refused}` };
  try {
    const response = await fetch(delivery.url, {
      dispatcher: dispatcherFor(allowLoopback),
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "grassroots-graph-webhooks",
        "grassroots-signature": signatureHeader(secret, body),
        "grassroots-event-id": delivery.eventId,
        "grassroots-delivery-id": delivery.id,
        "grassroots-event-kind": delivery.kind,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status, error: response.ok ? null : `answered ${response.status}` };
  } catch (error) {
    // undici's "fetch failed" says nothing: its cause is what went wrong (refused, timed out, …).
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return { status: null, error: cause instanceof Error ? cause.message.slice(0, 200) : "no answer" };
  }
}

/** Sends every delivery due now, batch by batch; answers how each ended up. */
export async function deliverWebhooks(prisma: ResidentsPrisma, options: WebhookRunOptions) {
  const batchSize = options.batchSize ?? 50;
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const batch = await claim(prisma, batchSize, options.leaseMs ?? options.timeoutMs * 2 + 5000);
    const results = await Promise.all(batch.map((delivery) => send(delivery, options)));
    for (const [index, delivery] of batch.entries()) {
      const { status, error } = results[index]!;
      const outcome = !error ? "delivered" : delivery.attempts >= options.maxAttempts ? "failed" : "retrying";
      counts[outcome] += 1;
      webhookDeliveriesTotal.inc({ outcome });
      await prisma.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          status: outcome === "delivered" ? "DELIVERED" : outcome === "failed" ? "FAILED" : "PENDING",
          lastStatusCode: status,
          lastError: error,
          deliveredAt: outcome === "delivered" ? new Date() : null,
          nextAttemptAt: new Date(Date.now() + (outcome === "retrying" ? retryDelayMs(delivery.attempts, options) : 0)),
        },
      });
    }
    if (batch.length < batchSize) return counts;
  }
}
