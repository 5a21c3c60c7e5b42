// Registering a webhook: an https URL to a public address (or, outside production, http to 127.0.0.1
// for a partner's local test server), a few per organisation, a secret made here, shown once and
// stored sealed (secret-box.ts).
import { randomUUID } from "node:crypto";
import { badUserInput, conflict } from "@grassroots/platform";
import type { ResidentsPrisma } from "../prisma";
import type { WebhookSettings } from "../settings";
import { hostProblem } from "./address";
import { isPlainSecret, type SecretsKey, sealWebhookSecret } from "./secret-box";
import { newWebhookSecret } from "./signature";

/** The URL as it will be called, or BAD_USER_INPUT naming `url`. */
export function checkWebhookUrl(text: string, settings: Pick<WebhookSettings, "allowLocalHttp">): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badUserInput("Give the webhook's full URL, e.g. https://example.org/grassroots.", { field: "url" });
  }
  if (text.length > 2000) throw badUserInput("A webhook URL is at most 2000 characters.", { field: "url" });
  if (url.username || url.password)
    throw badUserInput("Put no credentials in the URL; verify our signature instead.", { field: "url" });
  const local = url.protocol === "http:" && url.hostname === "127.0.0.1" && settings.allowLocalHttp;
  if (url.protocol !== "https:" && !local) {
    throw badUserInput(
      settings.allowLocalHttp ? "A webhook URL is https (or http://127.0.0.1 for testing)." : "A webhook URL is https.",
      { field: "url" },
    );
  }
  const problem = hostProblem(url.hostname, settings.allowLocalHttp);
  if (problem) throw badUserInput(`A webhook must reach a public address: ${problem}.`, { field: "url" });
  url.hash = "";
  return url.toString();
}

export async function registerWebhook(
  prisma: ResidentsPrisma,
  partnerId: string,
  url: string,
  createdBy: string,
  settings: Pick<WebhookSettings, "perPartner" | "secretsKey">,
) {
  const secret = newWebhookSecret();
  const id = randomUUID();
  const sealed = await sealWebhookSecret(settings.secretsKey, id, secret);
  const webhook = await prisma.$transaction(async (tx) => {
    // One registration at a time per organisation, so that the limit holds.
    await tx.$queryRaw`SELECT id FROM partner_organization WHERE id = ${partnerId}::uuid FOR UPDATE`;
    const active = await tx.webhook.count({ where: { partnerId, disabledAt: null } });
    if (active >= settings.perPartner) {
      throw conflict(`An organisation has at most ${settings.perPartner} webhooks; disable one first.`);
    }
    return tx.webhook.create({ data: { id, partnerId, url, secret: sealed, createdBy } });
  });
  return { webhook, secret };
}

/** Stops deliveries to the webhook (pending ones are given up); answers null when it is not the partner's. */
export async function disableWebhook(prisma: ResidentsPrisma, partnerId: string, id: string) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({
      where: { id, partnerId, disabledAt: null },
      data: { disabledAt: new Date() },
    });
    if (count) {
      await tx.webhookDelivery.updateMany({
        where: { webhookId: id, status: "PENDING" },
        data: { status: "FAILED", lastError: "webhook disabled" },
      });
    }
    return tx.webhook.findFirst({ where: { id, partnerId } });
  });
}

/**
 * Seals the secrets stored in plain text (by an earlier version, or by one of its replicas still
 * running beside this one during an upgrade); answers how many. The residents subgraph runs it before
 * each round of deliveries. Each in its own statement, guarded by its stored value, so replicas
 * running it together seal each once.
 */
export async function sealStoredWebhookSecrets(prisma: ResidentsPrisma, key: SecretsKey): Promise<number> {
  const stored = await prisma.webhook.findMany({
    where: { secret: { startsWith: "whsec_" } },
    select: { id: true, secret: true },
  });
  let sealed = 0;
  for (const { id, secret } of stored.filter((webhook) => isPlainSecret(webhook.secret))) {
    const { count } = await prisma.webhook.updateMany({
      where: { id, secret },
      data: { secret: await sealWebhookSecret(key, id, secret) },
    });
    sealed += count;
  }
  return sealed;
}
