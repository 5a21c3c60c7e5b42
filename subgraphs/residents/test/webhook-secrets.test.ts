// Webhook secrets stored in plain text (before they were sealed, or by a replica of that version
// during an upgrade): the residents subgraph seals them before each round of deliveries (main.ts),
// each once, and they still open to the same secret.
import { randomUUID } from "node:crypto";
import { SCALES } from "@grassroots/demo-district";
import { startTestSubgraph } from "@grassroots/platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedResidents } from "../src/seed";
import { createResidentsSubgraph } from "../src/subgraph";
import { sealStoredWebhookSecrets } from "../src/webhook/rules";
import { isPlainSecret, openWebhookSecret, webhookSecretsKey } from "../src/webhook/secret-box";
import { newWebhookSecret } from "../src/webhook/signature";
import { approvedPartnerRow, type Subgraph } from "./support";

let subgraph: Subgraph;
let partnerId: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(createResidentsSubgraph(), seedResidents(SCALES.test));
  partnerId = await approvedPartnerRow(subgraph, "Sealed Secrets Partner", "91310105SEALED0000X");
});
afterAll(() => subgraph?.close());

describe("webhook secrets stored in plain text", () => {
  it("are sealed once, and open to the same secret", async () => {
    const key = webhookSecretsKey("s".repeat(40));
    const plain = [newWebhookSecret(), newWebhookSecret()];
    const ids = plain.map(() => randomUUID());
    for (const [index, id] of ids.entries()) {
      await subgraph.prisma.webhook.create({
        data: { id, partnerId, url: `https://example.org/hook/${index}`, secret: plain[index]!, createdBy: "admin" },
      });
    }
    // Two replicas starting together: each secret is sealed by one of them.
    const counts = await Promise.all([
      sealStoredWebhookSecrets(subgraph.prisma, key),
      sealStoredWebhookSecrets(subgraph.prisma, key),
    ]);
    expect(counts[0]! + counts[1]!).toBe(2);
    expect(await sealStoredWebhookSecrets(subgraph.prisma, key)).toBe(0);
    for (const [index, id] of ids.entries()) {
      const { secret: stored } = await subgraph.prisma.webhook.findUniqueOrThrow({ where: { id } });
      expect(isPlainSecret(stored)).toBe(false);
      expect(stored).not.toContain(plain[index]!.slice("whsec_".length));
      expect(await openWebhookSecret(key, id, stored)).toBe(plain[index]);
    }
  });
});
